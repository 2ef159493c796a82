import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Registry } from 'prom-client';
import { InboxService } from './inbox/inbox.service';
import { RABBITMQ_DISABLED_MESSAGE } from './messaging.constants';
import { MessagingModule } from './messaging.module';
import { MESSAGING_MODULE_OPTIONS } from './messaging.module-definition';
import { OutboxService } from './outbox/outbox.service';
import { RabbitMqServer } from './rabbitmq/rmq-server';

describe('MessagingModule', () => {
  it('should name its options token MESSAGING_MODULE_OPTIONS', () => {
    expect(MESSAGING_MODULE_OPTIONS).toBe('MESSAGING_MODULE_OPTIONS');
  });

  it('should switch RabbitMQ off with one log line when rabbitmq options are absent', async () => {
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const moduleRef = await Test.createTestingModule({
      imports: [MessagingModule.forRootAsync({ useFactory: () => ({ registry: new Registry() }) })],
    }).compile();
    const app = await moduleRef.init();
    const lines = log.mock.calls.filter(([message]) => message === RABBITMQ_DISABLED_MESSAGE);
    expect(lines).toHaveLength(1);
    expect(moduleRef.get(RabbitMqServer)).toBeNull();
    expect(moduleRef.get(OutboxService)).toBeInstanceOf(OutboxService);
    expect(moduleRef.get(InboxService)).toBeInstanceOf(InboxService);
    await app.close();
    log.mockRestore();
  });
});
