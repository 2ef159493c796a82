import { Global, Inject, Module, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import { FastifyInstanceLike, installFastifyRequestLog } from '@bulwark/observability';
import { Logger, PinoLogger } from 'nestjs-pino';
import pino, { DestinationStream, Logger as Pino } from 'pino';
import { ShopEnv } from '../config/env';
import { isPretty, prettyDestination } from './log-format';
import { StartupQuietLogger } from './startup-quiet-logger';

/** The process's one pino logger: Nest's own logs and the request log both write through it. */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/** Where the root logger writes (stdout); the request log writes its lines there too. */
const LOG_DESTINATION = Symbol('LOG_DESTINATION');

/** Probes and scrapes arrive every few seconds from every orchestrator: not worth a line each. */
const UNLOGGED_PATHS = /^\/(health|metrics)(\/|\?|$)/;

/**
 * Logging of the shop: nestjs-pino's `Logger` as Nest's logger (JSON lines; human-readable lines
 * through pino-pretty on a terminal, see `LOG_FORMAT`) over one pino instance, and one cheap
 * `info` line per request from a Fastify hook. nestjs-pino's
 * `LoggerModule` is not used: its per-request pino-http middleware is what the hook replaces
 * (see `installFastifyRequestLog` for what it cost), and any Nest middleware at all makes Fastify
 * run @fastify/middie on every request — the adapter is created with `skipMiddie`.
 */
@Global()
@Module({
  providers: [
    {
      provide: LOG_DESTINATION,
      inject: [ConfigService],
      // JSON: asynchronous writes, so under load the lines written while one write() is in flight
      // go out together instead of one syscall per request line; pino flushes the rest on exit.
      // Pretty: the same JSON lines (the request log's included) parsed and reformatted by
      // pino-pretty, which costs more per line; it is only chosen for a human at a terminal.
      useFactory: async (config: ConfigService<ShopEnv, true>): Promise<DestinationStream> => {
        const format = config.get('LOG_FORMAT', { infer: true });
        const pretty = isPretty(format, process.stdout.isTTY === true)
          ? await prettyDestination()
          : undefined;
        return pretty ?? pino.destination({ dest: 1, sync: false });
      },
    },
    {
      provide: ROOT_LOGGER,
      inject: [ConfigService, LOG_DESTINATION],
      useFactory: (config: ConfigService<ShopEnv, true>, destination: DestinationStream): Pino =>
        pino({ level: config.get('LOG_LEVEL', { infer: true }) }, destination),
    },
    {
      provide: Logger,
      inject: [ROOT_LOGGER],
      useFactory: (logger: Pino) =>
        new StartupQuietLogger(new PinoLogger({ pinoHttp: { logger } }), {}),
    },
  ],
  exports: [ROOT_LOGGER, Logger],
})
export class ShopLoggingModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(ROOT_LOGGER) private readonly logger: Pino,
    @Inject(LOG_DESTINATION) private readonly destination: DestinationStream,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (adapter?.getType() !== 'fastify') return;
    const { logger, destination } = this;
    installFastifyRequestLog(
      adapter.getInstance<FastifyInstanceLike>(),
      {
        isLevelEnabled: (level) => logger.isLevelEnabled(level),
        write: (line) => destination.write(line),
      },
      { ignore: UNLOGGED_PATHS },
    );
  }
}
