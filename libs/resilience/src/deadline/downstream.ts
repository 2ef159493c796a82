import { withTimeout } from '@bulwark/common';
import type { DataSource, EntityManager } from 'typeorm';
import { DeadlineExceededError } from '../errors/deadline-exceeded.error';
import { RESILIENCE_DEFAULT_KAFKA_TIMEOUT_MS } from '../resilience.constants';
import { currentDeadline } from './deadline';

/** Postgres' SQLSTATE for a statement cancelled by `statement_timeout` or a cancel request. */
const PG_QUERY_CANCELED = '57014';

/**
 * Milliseconds a downstream call may take: the current remaining budget, capped by `capMs`
 * (`capMs` alone outside any deadline). Throws `DeadlineExceededError` once the budget is gone,
 * so no call starts that cannot finish in time.
 * @publicApi
 */
export function budgetFor(dependency: string, capMs = Infinity): number {
  const deadline = currentDeadline();
  if (!deadline) return capMs;
  const remaining = deadline.remaining();
  if (remaining <= 0) throw new DeadlineExceededError(dependency, 0);
  return Math.min(remaining, capMs);
}

/**
 * Runs `work` in a transaction whose statements Postgres itself cancels at the remaining
 * budget (`SET LOCAL statement_timeout`), so a slow query stops using a connection and a
 * backend when the caller gives up, instead of running on after a 504. A cancelled statement
 * surfaces as `DeadlineExceededError`. Outside any deadline, `capMs` applies if given.
 * `statement_timeout` bounds each statement, not their sum (the policy stack bounds the sum).
 * Given an EntityManager already inside a transaction, TypeORM nests a savepoint and the
 * `SET LOCAL` lasts to the end of the outer transaction: pass the DataSource where possible.
 * @example
 * const product = await withStatementTimeout(this.dataSource, (m) => m.findOneBy(Product, { id }));
 * @publicApi
 */
export async function withStatementTimeout<T>(
  db: DataSource | EntityManager,
  work: (manager: EntityManager) => Promise<T>,
  capMs?: number,
): Promise<T> {
  const ms = budgetFor('postgres', capMs);
  try {
    return await db.transaction(async (manager) => {
      if (Number.isFinite(ms)) {
        // SET cannot take bind parameters; ms is a number we computed, not input.
        await manager.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(ms))}`);
      }
      return work(manager);
    });
  } catch (error) {
    if (pgCode(error) === PG_QUERY_CANCELED) throw new DeadlineExceededError('postgres', ms);
    throw error;
  }
}

function pgCode(error: unknown): unknown {
  if (typeof error !== 'object' || error === null) return undefined;
  const driverError: unknown = Reflect.get(error, 'driverError');
  const source = typeof driverError === 'object' && driverError !== null ? driverError : error;
  return Reflect.get(source, 'code');
}

/**
 * A kafkajs `send({ timeout })` value from the remaining budget (kafkajs' default 30 s
 * outside any deadline). Pair it with `deadlineHeaders()` on the messages.
 * @example
 * await producer.send({ topic, timeout: kafkaSendTimeout(), messages: [{ value, headers: deadlineHeaders() }] });
 * @publicApi
 */
export function kafkaSendTimeout(capMs = RESILIENCE_DEFAULT_KAFKA_TIMEOUT_MS): number {
  return Math.max(1, Math.floor(budgetFor('kafka', capMs)));
}

/**
 * Bounds one ioredis command by the remaining budget. ioredis has only a per-client
 * `commandTimeout`; this races the command instead, so the caller is freed at the budget
 * (the command itself stays queued on the connection: give latency-critical paths a client
 * with `commandTimeout` too, as the README shows).
 * @example const value = await redisWithinBudget(() => redis.get(key), 200);
 * @publicApi
 */
export function redisWithinBudget<T>(command: () => Promise<T>, capMs = Infinity): Promise<T> {
  const ms = budgetFor('redis', capMs);
  if (!Number.isFinite(ms)) return command();
  // A command that throws synchronously still rejects, as it did inside the race's executor.
  const work = new Promise<T>((resolve) => resolve(command()));
  return withTimeout(work, ms, () => {
    throw new DeadlineExceededError('redis', ms);
  });
}
