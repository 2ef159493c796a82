/*
 * Runs the embedded broker as a process:
 *   node -r @swc-node/register libs/kafka-broker/src/cli.ts --port 9092 --data-dir .data/kafka
 * Flags: --port N, --host H, --data-dir DIR, --partitions N, --no-auto-create, --verbose.
 */
import { parseArgs } from 'node:util';
import { consoleLogger, consoleWarnLogger, startEmbeddedKafka } from './index';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '9092' },
      host: { type: 'string', default: '127.0.0.1' },
      'data-dir': { type: 'string' },
      partitions: { type: 'string', default: '1' },
      'no-auto-create': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
    },
  });
  const broker = await startEmbeddedKafka({
    port: Number(values.port),
    host: values.host,
    dataDir: values['data-dir'],
    defaultPartitions: Number(values.partitions),
    autoCreateTopics: !values['no-auto-create'],
    logger: values.verbose ? consoleLogger : consoleWarnLogger,
  });
  console.log(`kafka-broker listening on ${broker.brokers[0]}`);
  // Tell a parent process (bench, tests) where we are, when started with an IPC channel.
  process.send?.({ type: 'listening', port: broker.port });
  const shutdown = () => void broker.stop().then(() => process.exit(0));
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  process.on('message', (message: { type?: string }) => {
    if (message.type === 'cpu') process.send?.({ type: 'cpu', usage: process.cpuUsage() });
  });
  // A parent that crashed or was killed cannot send SIGTERM: its closed channel ends us instead,
  // so a failed bench or test run leaves no broker behind holding a core.
  process.on('disconnect', shutdown);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
