import { dlqTopicName, parseRetryTopic, retryTopicName, topicFamily } from './retry-topics';

describe('retry topic names', () => {
  it('should name retry stages and the DLQ after the main topic', () => {
    expect(retryTopicName('orders.created', 2)).toBe('orders.created.retry.2');
    expect(dlqTopicName('orders.created')).toBe('orders.created.dlq');
    expect(topicFamily('t', 2, true)).toEqual(['t', 't.retry.1', 't.retry.2', 't.dlq']);
  });

  it('should parse a retry topic back to its main topic and stage', () => {
    expect(parseRetryTopic('orders.created.retry.3')).toEqual({ base: 'orders.created', stage: 3 });
    expect(parseRetryTopic('orders.created')).toBeUndefined();
    expect(parseRetryTopic('orders.created.dlq')).toBeUndefined();
  });
});
