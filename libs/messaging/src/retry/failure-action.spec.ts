import { PoisonMessageError } from '../errors/poison-message.error';
import { RetriableMessageError } from '../errors/retriable-message.error';
import {
  ack,
  deadLetter,
  type FailureTarget,
  requeue,
  retryLater,
  retryOrDeadLetter,
} from './failure-action';

function target(attempt: number, maxAttempts = 3) {
  const calls: string[] = [];
  const t: FailureTarget = {
    attempt,
    maxAttempts,
    scheduleRetry: async () => void calls.push('retry'),
    deadLetter: async () => void calls.push('dlq'),
    requeue: async () => void calls.push('requeue'),
    ack: async () => void calls.push('ack'),
  };
  return { t, calls };
}

describe('FailureAction', () => {
  describe('retryLater', () => {
    it('should retry while attempts remain and dead-letter after the last one', async () => {
      const early = target(2);
      const last = target(3);
      await retryLater(early.t, new Error('x'));
      await retryLater(last.t, new Error('x'));
      expect([early.calls, last.calls]).toEqual([['retry'], ['dlq']]);
    });
  });

  describe('retryOrDeadLetter', () => {
    it('should dead-letter non-retriable errors at once and retry the rest', async () => {
      const poison = target(1);
      const retriable = target(1);
      const plain = target(1);
      await retryOrDeadLetter(poison.t, new PoisonMessageError('bad json'));
      await retryOrDeadLetter(retriable.t, new RetriableMessageError('later'));
      await retryOrDeadLetter(plain.t, new Error('unknown'));
      expect([poison.calls, retriable.calls, plain.calls]).toEqual([['dlq'], ['retry'], ['retry']]);
    });
  });

  it('should map deadLetter, requeue and ack to the target operation of the same name', async () => {
    const { t, calls } = target(1);
    await deadLetter(t, new Error('x'));
    await requeue(t, new Error('x'));
    await ack(t, new Error('x'));
    expect(calls).toEqual(['dlq', 'requeue', 'ack']);
  });
});
