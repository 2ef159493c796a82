import { MigrationInterface, QueryRunner } from 'typeorm';

/** Products (hot-key reads) and orders (stock reserved by a conditional UPDATE). */
export class CreateCatalogAndOrders1764000000000 implements MigrationInterface {
  name = 'CreateCatalogAndOrders1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "product" (
        "id" SERIAL PRIMARY KEY,
        "sku" varchar(64) NOT NULL CONSTRAINT "product_sku_key" UNIQUE,
        "name" varchar(200) NOT NULL,
        "price_cents" integer NOT NULL CONSTRAINT "product_price_non_negative" CHECK ("price_cents" >= 0),
        "stock" integer NOT NULL CONSTRAINT "product_stock_non_negative" CHECK ("stock" >= 0),
        "version" integer NOT NULL DEFAULT 1,
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE "orders" (
        "id" SERIAL PRIMARY KEY,
        "product_id" integer NOT NULL REFERENCES "product" ("id"),
        "quantity" integer NOT NULL CHECK ("quantity" > 0),
        "status" varchar(16) NOT NULL DEFAULT 'PENDING'
          CHECK ("status" IN ('PENDING', 'CONFIRMED', 'FAILED')),
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "orders_product_id_idx" ON "orders" ("product_id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "orders"`);
    await q.query(`DROP TABLE "product"`);
  }
}
