import { ConfigModule } from '@nestjs/config';
import { parseEnv } from './env';

/**
 * `@nestjs/config` with {@link parseEnv} as its validator. `overrides` win over `process.env`, which
 * lets each test run the real module on its own schema and key prefix without touching globals.
 */
export function shopConfigModule(overrides: Readonly<Record<string, string | undefined>> = {}) {
  return ConfigModule.forRoot({
    isGlobal: true,
    ignoreEnvFile: true,
    cache: true,
    validate: (raw) => ({ ...parseEnv({ ...(raw as Record<string, string>), ...overrides }) }),
  });
}
