import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Registry } from 'prom-client';
import { InboxService } from './inbox/inbox.service';
import { MessagingModule } from './messaging.module';
import { MESSAGING_MODULE_OPTIONS } from './messaging.module-definition';
import { OutboxPublishers } from './outbox/outbox-publishers';
import { OutboxService } from './outbox/outbox.service';
import { RabbitMqMessagingModule } from './rabbitmq/rabbitmq-messaging.module';
import { RABBITMQ_DISABLED_MESSAGE } from './rabbitmq/rabbitmq.constants';
import { RabbitMqServer } from './rabbitmq/rabbitmq-server';

describe('MessagingModule', () => {
  it('should name its options token MESSAGING_MODULE_OPTIONS', () => {
    expect(MESSAGING_MODULE_OPTIONS).toBe('MESSAGING_MODULE_OPTIONS');
  });

  it('should provide the outbox and inbox without any transport', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        MessagingModule.forRoot({ registry: new Registry(), outbox: { backlogInterval: false } }),
      ],
    }).compile();
    const app = await moduleRef.init();
    expect(moduleRef.get(OutboxService)).toBeInstanceOf(OutboxService);
    expect(moduleRef.get(InboxService)).toBeInstanceOf(InboxService);
    expect(moduleRef.get(OutboxPublishers).list()).toEqual([]);
    await app.close();
  });

  it('should refuse a relay without the dataSource option, saying which option is missing', async () => {
    const compiling = Test.createTestingModule({
      imports: [MessagingModule.forRoot({ registry: new Registry(), outbox: { relay: true } })],
    }).compile();
    await expect(compiling).rejects.toThrow('`outbox.relay` needs the `dataSource` option');
  });
});

describe('RabbitMqMessagingModule', () => {
  it('should switch RabbitMQ off with one log line when enabled is false', async () => {
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const registry = new Registry();
    const moduleRef = await Test.createTestingModule({
      imports: [
        MessagingModule.forRoot({ registry, outbox: { backlogInterval: false } }),
        RabbitMqMessagingModule.forRootAsync({
          useFactory: () => ({ enabled: false, url: '', registry }),
        }),
      ],
    }).compile();
    const app = await moduleRef.init();
    const lines = log.mock.calls.filter(([message]) => message === RABBITMQ_DISABLED_MESSAGE);
    expect(lines).toHaveLength(1);
    expect(moduleRef.get(RabbitMqServer)).toBeNull();
    expect(moduleRef.get(OutboxPublishers).list()).toEqual([]);
    await app.close();
    log.mockRestore();
  });
});
