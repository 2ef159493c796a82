import { Logger, type LoggerService } from '@nestjs/common';
import { logLevel } from 'kafkajs';
import { kafkaLogCreator } from './kafka-log';

describe('kafkaLogCreator', () => {
  const lines: [string, string][] = [];
  const collect = (level: string) => (message: unknown) =>
    void lines.push([level, String(message)]);
  const collector: LoggerService = {
    log: collect('log'),
    warn: collect('warn'),
    error: collect('error'),
    debug: collect('debug'),
  };
  beforeAll(() => Logger.overrideLogger(collector));
  afterAll(() => Logger.overrideLogger(false));
  beforeEach(() => (lines.length = 0));

  const entry = (level: logLevel, message: string) => ({
    namespace: 'Producer',
    level,
    label: level === logLevel.WARN ? 'WARN' : 'INFO',
    log: { timestamp: '2026-12-05T00:00:00.000Z', logger: 'kafkajs', message },
  });

  it('turns the idempotent-producer EoS warning into an explained debug line', () => {
    kafkaLogCreator('KafkaServer')(logLevel.WARN)(
      entry(
        logLevel.WARN,
        'Limiting retries for the idempotent producer may invalidate EoS guarantees',
      ),
    );
    expect(lines).toHaveLength(1);
    expect(lines[0][0]).toBe('debug');
    expect(lines[0][1]).toContain('the outbox resends, the inbox drops duplicates');
  });

  it('keeps every other warning a warning', () => {
    kafkaLogCreator('KafkaServer')(logLevel.WARN)(entry(logLevel.WARN, 'Connection timeout'));
    expect(lines).toEqual([['warn', 'WARN [Producer] Connection timeout']]);
  });
});
