import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..', '..');

/** Which drivers a fresh Node process loaded for these entry points (see the fixture). */
async function driversLoadedBy(...entries: string[]): Promise<Record<string, boolean>> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['-r', '@swc-node/register', 'test/e2e/messaging/fixtures/loaded-drivers.ts', ...entries],
    { cwd: ROOT },
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, boolean>;
}

describe('Messaging > entry points load only their own transport driver', () => {
  it('should load neither kafkajs nor amqplib for the core alone', async () => {
    expect(await driversLoadedBy('core')).toEqual({ kafkajs: false, amqplib: false });
  });

  it('should never load kafkajs for an app on the RabbitMQ subpath', async () => {
    expect(await driversLoadedBy('core', 'rabbitmq')).toEqual({ kafkajs: false, amqplib: true });
  });

  it('should never load amqplib for an app on the Kafka subpath', async () => {
    expect(await driversLoadedBy('core', 'kafka')).toEqual({ kafkajs: true, amqplib: false });
  });
});
