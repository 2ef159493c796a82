import type { RabbitMqConnection } from './rabbitmq-connection';
import { RabbitMqHealthIndicator } from './rabbitmq.health';

function fakeConnection(
  isConnected: boolean,
  createChannel: () => Promise<{ close(): Promise<void> }>,
) {
  return { isConnected, channelModel: { createChannel } } as unknown as RabbitMqConnection;
}

describe('RabbitMqHealthIndicator', () => {
  const channel = { close: async () => undefined };

  describe('pingCheck', () => {
    it('should be up when a channel round trip succeeds', async () => {
      const indicator = new RabbitMqHealthIndicator(fakeConnection(true, async () => channel));
      expect(await indicator.pingCheck('rabbitmq')).toEqual({ rabbitmq: { status: 'up' } });
    });

    it('should be down, not throw, when disconnected, unconfigured or failing', async () => {
      const failing = fakeConnection(true, () => Promise.reject(new Error('CHANNEL_ERROR')));
      const results = await Promise.all([
        new RabbitMqHealthIndicator(fakeConnection(false, async () => channel)).pingCheck('r'),
        new RabbitMqHealthIndicator(null).pingCheck('r'),
        new RabbitMqHealthIndicator(failing).pingCheck('r'),
      ]);
      expect(results.map((r) => r.r)).toEqual([
        { status: 'down', message: 'RabbitMQ is not connected' },
        { status: 'down', message: 'RabbitMQ transport is not configured' },
        { status: 'down', message: 'CHANNEL_ERROR' },
      ]);
    });

    it('should be down after the timeout when the broker does not answer', async () => {
      const hanging = fakeConnection(true, () => new Promise(() => undefined));
      const result = await new RabbitMqHealthIndicator(hanging).pingCheck('r', {
        timeout: 50,
      });
      expect(result.r).toEqual({ status: 'down', message: 'timeout of 50 ms exceeded' });
    });
  });
});
