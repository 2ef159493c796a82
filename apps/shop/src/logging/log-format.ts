import type { DestinationStream } from 'pino';
import type { LogFormat } from '../config/env';

/**
 * Pretty only for a human: `pretty` when asked for, or `auto` with stdout on a terminal.
 * `NODE_ENV=production` resolves an unset LOG_FORMAT to `json` already (see `parseEnv`), so
 * `npm start` in a production image logs JSON even when run interactively.
 */
export function isPretty(format: LogFormat, stdoutIsTty: boolean): boolean {
  return format === 'pretty' || (format === 'auto' && stdoutIsTty);
}

/** One pretty line per record: `[Context] message`, and a request as `GET /x 200 1.2 ms`. */
function prettyMessage(log: Record<string, unknown>, messageKey: string): string {
  if (typeof log.method === 'string' && log.statusCode !== undefined) {
    return `${log.method} ${String(log.url)} ${String(log.statusCode)} ${String(log.responseTimeMs)} ms`;
  }
  const msg = String(log[messageKey] ?? '');
  return typeof log.context === 'string' ? `[${log.context}] ${msg}` : msg;
}

/**
 * A pino-pretty stream on stdout. pino-pretty is a devDependency, absent from the production image
 * (`npm prune --omit=dev`): then one line says so and the caller keeps JSON.
 */
export async function prettyDestination(): Promise<DestinationStream | undefined> {
  let build: (typeof import('pino-pretty'))['build'];
  try {
    ({ build } = await import('pino-pretty'));
  } catch {
    process.stderr.write(
      'LOG_FORMAT: pino-pretty (a devDependency) is not installed; logging JSON lines\n',
    );
    return undefined;
  }
  return build({
    destination: 1,
    sync: false,
    colorize: true,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    // Shown in the message itself (prettyMessage) or not worth a column in a terminal.
    ignore: 'pid,hostname,context,method,url,route,statusCode,responseTimeMs',
    messageFormat: prettyMessage,
  });
}
