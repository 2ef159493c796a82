import { Global, Inject, Module, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import { FastifyInstanceLike, installFastifyRequestLog } from '@bulwark/observability';
import { LoggerModule } from 'nestjs-pino';
import pino, { Logger as Pino } from 'pino';
import { ShopEnv } from '../config/env';

/** The process's one pino logger: Nest's own logs and the request log both write through it. */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/** Probes and scrapes arrive every few seconds from every orchestrator: not worth a line each. */
const UNLOGGED_PATHS = /^\/(health|metrics)(\/|\?|$)/;

@Global()
@Module({
  providers: [
    {
      provide: ROOT_LOGGER,
      inject: [ConfigService],
      useFactory: (config: ConfigService<ShopEnv, true>): Pino =>
        pino(
          { level: config.get('LOG_LEVEL', { infer: true }) },
          // Asynchronous writes: under load the lines written while one write() is in flight go
          // out together instead of one syscall per request line; pino flushes what is left on exit.
          pino.destination({ dest: 1, sync: false }),
        ),
    },
  ],
  exports: [ROOT_LOGGER],
})
class RootLoggerModule {}

/**
 * Logging of the shop: nestjs-pino as Nest's logger (JSON lines), and one cheap `info` line per
 * request from a Fastify hook instead of nestjs-pino's per-request pino-http middleware (see
 * `installFastifyRequestLog` for what that cost). `forRoutes: []` keeps the middleware off.
 */
@Module({
  imports: [
    RootLoggerModule,
    LoggerModule.forRootAsync({
      imports: [RootLoggerModule],
      providers: [],
      inject: [ROOT_LOGGER],
      useFactory: (logger: Pino) => ({ pinoHttp: { logger }, forRoutes: [] }),
    }),
  ],
})
export class ShopLoggingModule implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(ROOT_LOGGER) private readonly logger: Pino,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (adapter?.getType() !== 'fastify') return;
    installFastifyRequestLog(adapter.getInstance<FastifyInstanceLike>(), this.logger, {
      ignore: UNLOGGED_PATHS,
    });
  }
}
