import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { concatMap, from, map, type Observable } from 'rxjs';
import { CACHE_EVICT_METADATA } from '../cache.constants';
import { CacheService } from '../cache.service';
import type { CacheEvictOptions } from '../decorators/cache-evict.decorator';
import { buildKey } from '../keys/key-template';
import { keyInputFromHttp } from './http-context';

/**
 * Evicts a `@CacheEvict` route's keys once the handler has resolved (its transaction has
 * committed); a failing handler evicts nothing. The response waits for the first delete so a
 * client reading right after its own write does not see the old value.
 * @publicApi
 */
@Injectable()
export class CacheEvictInterceptor implements NestInterceptor {
  constructor(
    private readonly cache: CacheService,
    private readonly reflector: Reflector,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const options = this.reflector.get<CacheEvictOptions | undefined>(
      CACHE_EVICT_METADATA,
      ctx.getHandler(),
    );
    if (!options || ctx.getType() !== 'http') return next.handle();
    const input = keyInputFromHttp(ctx);
    const specs = Array.isArray(options.keys) ? options.keys : [options.keys];
    return next
      .handle()
      .pipe(
        concatMap((value) =>
          from(this.cache.evict(...specs.map((s) => buildKey(s, input)))).pipe(map(() => value)),
        ),
      );
  }
}
