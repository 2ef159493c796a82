import {
  isMessagingError,
  isPoisonMessageError,
  isPublishError,
  isRetriableMessageError,
  isTopologyMismatchError,
  MessagingError,
  PoisonMessageError,
  PublishError,
  RetriableMessageError,
  TopologyMismatchError,
} from '../index';

describe('messaging errors', () => {
  it('should say whether a retry can help', () => {
    expect(new RetriableMessageError('x').retriable).toBe(true);
    expect(new PoisonMessageError('x').retriable).toBe(false);
    expect(new PublishError('nacked', 'x').retriable).toBe(true);
    expect(new TopologyMismatchError("queue 'q'", 'PRECONDITION_FAILED').retriable).toBe(false);
  });

  it('should recognise each class by its brand, also across package copies', () => {
    const foreign = { isMessagingError: true, isPoisonMessageError: true };
    expect(isPoisonMessageError(foreign)).toBe(true);
    expect(isMessagingError(new RetriableMessageError('x'))).toBe(true);
    expect(isRetriableMessageError(new PoisonMessageError('x'))).toBe(false);
    expect(isPublishError(new Error('x'))).toBe(false);
    expect(isTopologyMismatchError(new TopologyMismatchError('q', 'm'))).toBe(true);
  });

  it('should keep its class through Nest RPC exception handling (getError returns itself)', () => {
    const error = new RetriableMessageError('x', { queue: 'orders', messageId: 'm-1' });
    expect(error.getError()).toBe(error);
    expect(error).toBeInstanceOf(MessagingError);
    expect(error.name).toBe('RetriableMessageError');
    expect(error.context).toEqual({ queue: 'orders', messageId: 'm-1' });
  });
});
