import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';

/** Installs kcat through scripts/ensure-kcat.sh when it is not on the PATH. */
export function ensureKcat(): void {
  execFileSync('bash', [join(__dirname, '../../../scripts/ensure-kcat.sh')], { stdio: 'ignore' });
}

/**
 * Runs kcat asynchronously (the broker lives in this process, so a sync call would deadlock)
 * and returns its stdout bytes; rejects on a non-zero exit with stderr in the message.
 */
export function kcat(args: string[], input?: string | Buffer, timeoutMs = 20000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('kcat', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new Error(`kcat ${args.join(' ')} exited ${code}: ${Buffer.concat(err)}`));
    });
    child.stdin.end(input ?? '');
  });
}

/** One message of kcat's `-J` output. */
export interface KcatMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: string | null;
  readonly payload: string | null;
  readonly headers?: string[];
}

export function parseJsonLines<T>(output: Buffer): T[] {
  return output
    .toString('utf8')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as T);
}
