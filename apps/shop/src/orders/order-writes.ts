import { Injectable } from '@nestjs/common';
import {
  BreakerRegistry,
  PolicyStack,
  ResiliencePolicies,
  runWithoutDeadline,
} from '@bulwark/resilience';
import { EntityManager } from 'typeorm';
import { DatabaseService } from '../database/database.service';
import { isIntegrityViolation } from '../database/pg-errors';

type Outcome<T> = { readonly value: T } | { readonly refused: unknown };

/** What an order write may tell the breaker: the part that waited on the hot row is over. */
export interface WriteCall {
  /** The write proper starts now (after its row lock is held): earlier time is queueing. */
  markStarted(): void;
}

/**
 * Runs the writes of `POST /orders` on the shared `postgres` breaker, judged only on what
 * Postgres itself does: every order of a flash sale queues on one product row, and that queue
 * (plus the wait for a pool connection, or for a turn in the group commit) is the sale's load,
 * not a sick database. Counting it opened the breaker under a 2-second burst and turned every
 * read and every instance's readiness to 503 (issue 20). So a write's breaker call starts once it
 * holds a pool connection, and its caller may restart the clock once the row lock is held; the
 * route's budget (1 s) is the client's, and a write cut by it is not a failure either (it has no
 * budget of its own here: the 250 ms `postgres` budget is for reads, a batch takes longer).
 * Errors (connection refused, a failed statement; not a refused key) count as ever, and an open breaker still
 * answers every order 503 at once. Overload itself is shed by admission control.
 */
@Injectable()
export class OrderWrites {
  private readonly stack: PolicyStack;

  constructor(
    private readonly db: DatabaseService,
    breakers: BreakerRegistry,
    policies: ResiliencePolicies,
  ) {
    this.stack = new PolicyStack({
      name: 'postgres',
      breaker: breakers.get('postgres'),
      metrics: policies.metrics,
    });
  }

  /**
   * Runs `fn` on a connection of its own. `detached`: under no request's deadline (a group-commit
   * batch serves many requests; the first one's deadline must not cut it for all of them).
   */
  run<T>(
    fn: (manager: EntityManager, call: WriteCall) => Promise<T>,
    options: { detached?: boolean } = {},
  ): Promise<T> {
    const write = async (): Promise<T> => {
      const outcome = await this.stack.execute(
        async (context): Promise<Outcome<T>> => {
          try {
            const value = await this.db.withConnection(
              (manager) => fn(manager, context),
              () => context.markStarted(),
            );
            return { value };
          } catch (error) {
            // A taken Idempotency-Key (two sends of one order racing) is an answer, not a failure:
            // returned through the breaker as a success, thrown again outside it.
            if (isIntegrityViolation(error)) return { refused: error };
            throw error;
          }
        },
        { start: 'marked' },
      );
      if ('refused' in outcome) throw outcome.refused;
      return outcome.value;
    };
    return options.detached ? runWithoutDeadline(write) : write();
  }
}
