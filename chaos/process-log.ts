import type { ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';

/**
 * A child's stdout and stderr appended to one file (for post-mortems) with only the last lines kept
 * in memory: the suite runs for minutes and must not grow with the children's logs. Draining the
 * pipes also matters: a child blocks once an unread pipe buffer fills.
 */
export class ProcessLog {
  private readonly file: WriteStream;
  private readonly lines: string[] = [];

  constructor(
    readonly path: string,
    private readonly keep = 40,
  ) {
    this.file = createWriteStream(path, { flags: 'a' });
  }

  attach(child: ChildProcess, label: string): void {
    this.file.write(`--- ${new Date().toISOString()} ${label} pid ${child.pid}\n`);
    const onData = (d: Buffer) => {
      this.file.write(d);
      for (const line of d.toString().split('\n')) {
        if (line.trim() === '') continue;
        this.lines.push(line.slice(0, 500));
        if (this.lines.length > this.keep) this.lines.shift();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
  }

  tail(): string {
    return this.lines.join('\n');
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.file.end(resolve));
  }
}
