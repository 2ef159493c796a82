/*
 * Runs the embedded broker as a process:
 *   node -r @swc-node/register libs/kafka-broker/src/cli.ts --port 9092 --data-dir .data/kafka
 * Flags: --port N, --host H, --data-dir DIR, --partitions N, --no-auto-create, --verbose, and the
 * limits --max-connections N, --max-frame-bytes N, --max-buffered-bytes N (defaults in options.ts).
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
      'max-connections': { type: 'string' },
      'max-frame-bytes': { type: 'string' },
      'max-buffered-bytes': { type: 'string' },
    },
  });
  const broker = await startEmbeddedKafka({
    port: Number(values.port),
    host: values.host,
    dataDir: values['data-dir'],
    defaultPartitions: Number(values.partitions),
    autoCreateTopics: !values['no-auto-create'],
    logger: values.verbose ? consoleLogger : consoleWarnLogger,
    maxConnections: optionalNumber(values['max-connections']),
    maxFrameBytes: optionalNumber(values['max-frame-bytes']),
    maxBufferedBytes: optionalNumber(values['max-buffered-bytes']),
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

/** Absent flags keep the library's defaults rather than becoming NaN. */
function optionalNumber(value: string | undefined): number | undefined {
  return value === undefined ? undefined : Number(value);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
