import { Logger } from 'nestjs-pino';

/**
 * Nest's start-up inventory — a line per module ("dependencies initialized") and per route
 * ("Mapped {/products/:id, GET} route"), ~45 lines — is logged at `debug` instead of `info`, so a
 * start shows the shop's own lines (the backend each dependency uses, where it listens).
 * `LOG_LEVEL=debug` brings the inventory back.
 */
const STARTUP_INVENTORY = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
]);

/** nestjs-pino's Nest logger with {@link STARTUP_INVENTORY} demoted to debug. */
export class StartupQuietLogger extends Logger {
  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams[optionalParams.length - 1];
    if (typeof context === 'string' && STARTUP_INVENTORY.has(context)) {
      super.debug(message, ...optionalParams);
    } else {
      super.log(message, ...optionalParams);
    }
  }
}
