import { parseEnv } from '../config/env';
import { isPretty } from './log-format';

/** What `npm start` logs, from the environment and whether stdout is a terminal. */
const pretty = (env: Record<string, string>, tty: boolean) =>
  isPretty(parseEnv(env).LOG_FORMAT, tty);

describe('log format', () => {
  it.each<[string, Record<string, string>, boolean, boolean]>([
    ['a developer at a terminal', {}, true, true],
    ['output piped or collected', {}, false, false],
    [
      'NODE_ENV=production at a terminal',
      { NODE_ENV: 'production', ALLOW_EMBEDDED: 'true' },
      true,
      false,
    ],
    ['LOG_FORMAT=json at a terminal', { LOG_FORMAT: 'json' }, true, false],
    ['LOG_FORMAT=pretty piped', { LOG_FORMAT: 'pretty' }, false, true],
    [
      'LOG_FORMAT=pretty in production',
      { LOG_FORMAT: 'pretty', NODE_ENV: 'production', ALLOW_EMBEDDED: 'true' },
      true,
      true,
    ],
  ])('%s', (_case, env, tty, expected) => {
    expect(pretty(env, tty)).toBe(expected);
  });

  it('refuses an unknown LOG_FORMAT naming the variable', () => {
    expect(() => parseEnv({ LOG_FORMAT: 'yaml' })).toThrow(
      'LOG_FORMAT must be one of json, pretty, auto (got "yaml")',
    );
  });
});
