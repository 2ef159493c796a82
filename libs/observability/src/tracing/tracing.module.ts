import {
  Global,
  Logger,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { activeTracing } from './start-tracing';

/**
 * Reports where spans go at start, and flushes and stops the tracing SDK when the app shuts
 * down. Nest calls `onApplicationShutdown` after every `onModuleDestroy` and
 * `beforeApplicationShutdown`, so the spans of the last requests, relay passes and consumed
 * messages are in the batch that gets exported. Without an SDK it only logs that tracing is off.
 * @publicApi
 */
@Global()
@Module({})
export class TracingModule implements OnModuleInit, OnApplicationShutdown {
  onModuleInit(): void {
    new Logger('Tracing').log(`tracing: ${activeTracing().description}`);
  }

  onApplicationShutdown(): Promise<void> {
    return activeTracing().shutdown();
  }
}
