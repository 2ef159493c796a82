import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `Idempotency-Key` of `POST /orders`: a client that got no answer (a timeout, a dropped
 * connection) may send the order again and must not buy twice. Unique where present, so two
 * concurrent sends of one key cannot both commit.
 */
export class AddOrderIdempotencyKey1764000003000 implements MigrationInterface {
  name = 'AddOrderIdempotencyKey1764000003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "orders" ADD COLUMN "idempotency_key" varchar(128)`);
    await q.query(
      `CREATE UNIQUE INDEX "orders_idempotency_key_idx" ON "orders" ("idempotency_key")
       WHERE "idempotency_key" IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "orders_idempotency_key_idx"`);
    await q.query(`ALTER TABLE "orders" DROP COLUMN "idempotency_key"`);
  }
}
