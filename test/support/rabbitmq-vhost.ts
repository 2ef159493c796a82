import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A private RabbitMQ vhost for one test file; `url` points at it. */
export interface TestVhost {
  readonly name: string;
  readonly url: string;
  urlVia(port: number): string;
  remove(): Promise<void>;
}

/** Creates `bulwark-<tag>-<random>` with full permissions for guest (rabbitmqctl runs as root here). */
export async function createVhost(tag: string): Promise<TestVhost> {
  const name = `bulwark-${tag}-${randomBytes(4).toString('hex')}`;
  await run('rabbitmqctl', ['-q', 'add_vhost', name]);
  await run('rabbitmqctl', ['-q', 'set_permissions', '-p', name, 'guest', '.*', '.*', '.*']);
  const urlVia = (port: number) =>
    `amqp://guest:guest@127.0.0.1:${port}/${encodeURIComponent(name)}`;
  return {
    name,
    url: urlVia(5672),
    urlVia,
    remove: async () => {
      await run('rabbitmqctl', ['-q', 'delete_vhost', name]);
    },
  };
}
