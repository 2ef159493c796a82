/** The four levels the broker logs at; any object with these methods will do (pino, console). */
export interface BrokerLogger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const noop = (): void => undefined;

/** Default logger: warnings and errors to the console, nothing else. */
export const consoleWarnLogger: BrokerLogger = {
  debug: noop,
  info: noop,
  warn: (message) => console.warn(`[kafka-broker] ${message}`),
  error: (message) => console.error(`[kafka-broker] ${message}`),
};

/** Every level to the console; used by the CLI with `--verbose`. */
export const consoleLogger: BrokerLogger = {
  debug: (message) => console.debug(`[kafka-broker] ${message}`),
  info: (message) => console.info(`[kafka-broker] ${message}`),
  warn: consoleWarnLogger.warn,
  error: consoleWarnLogger.error,
};
