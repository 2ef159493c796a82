import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Creates `outbox` and `inbox` in the connection's current schema. List it in the app's
 * `migrations` (it matches the entities `OutboxMessage` and `InboxMessage`).
 * @publicApi
 */
export class CreateMessagingTables1764000000000 implements MigrationInterface {
  name = 'CreateMessagingTables1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE "outbox" (
      "id" uuid PRIMARY KEY,
      "seq" bigserial NOT NULL,
      "transport" varchar(16) NOT NULL CHECK ("transport" IN ('kafka', 'rabbitmq')),
      "destination" varchar(255) NOT NULL,
      "key" varchar(255),
      "payload" jsonb NOT NULL,
      "headers" jsonb NOT NULL DEFAULT '{}'::jsonb,
      "created_at" timestamptz NOT NULL DEFAULT clock_timestamp(),
      "sent_at" timestamptz,
      "attempts" integer NOT NULL DEFAULT 0,
      "last_error" text)`);
    await runner.query(
      `CREATE INDEX "outbox_unsent_idx" ON "outbox" ("created_at", "seq") WHERE "sent_at" IS NULL`,
    );
    await runner.query(`CREATE INDEX "outbox_unsent_key_idx" ON "outbox"
      ("transport", "destination", "key", "created_at", "seq") WHERE "sent_at" IS NULL`);
    await runner.query(`CREATE TABLE "inbox" (
      "consumer" varchar(200) NOT NULL,
      "message_id" varchar(200) NOT NULL,
      "processed_at" timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY ("consumer", "message_id"))`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "inbox"`);
    await runner.query(`DROP TABLE "outbox"`);
  }
}
