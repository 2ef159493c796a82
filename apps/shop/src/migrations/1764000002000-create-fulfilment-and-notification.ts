import { MigrationInterface, QueryRunner } from 'typeorm';

/** The effects of the order events: one fulfilment and one notification per confirmed order. */
export class CreateFulfilmentAndNotification1764000002000 implements MigrationInterface {
  name = 'CreateFulfilmentAndNotification1764000002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "fulfilment" (
        "order_id" integer PRIMARY KEY REFERENCES "orders" ("id"),
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE "notification" (
        "order_id" integer PRIMARY KEY REFERENCES "orders" ("id"),
        "kind" varchar(32) NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "notification"`);
    await q.query(`DROP TABLE "fulfilment"`);
  }
}
