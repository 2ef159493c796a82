import {
  type CallHandler,
  type ExecutionContext,
  HttpException,
  HttpStatus,
  Injectable,
  type NestInterceptor,
  NotFoundException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { CACHEABLE_METADATA } from '../cache.constants';
import { CacheService } from '../cache.service';
import type { CacheableOptions } from '../decorators/cacheable.decorator';
import { buildKey } from '../keys/key-template';
import { keyInputFromHttp, setHeader } from './http-context';

/** Response header telling where the value came from: `l1`, `l2`, `miss`, `stale`, `rejected`. */
export const CACHE_STATE_HEADER = 'x-cache';

/**
 * Runs a `@Cacheable` route through `CacheService.getOrSetFor`: builds the key from route
 * params/query, uses the handler as the loader, and turns "not found" (a `null` result, a
 * cached negative, a Bloom rejection) into 404. Coalesced requests never run the handler.
 * @publicApi
 */
@Injectable()
export class CacheableInterceptor implements NestInterceptor {
  constructor(
    private readonly cache: CacheService,
    private readonly reflector: Reflector,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const options = this.reflector.get<CacheableOptions | undefined>(
      CACHEABLE_METADATA,
      ctx.getHandler(),
    );
    if (!options || ctx.getType() !== 'http') return next.handle();
    return from(this.run(ctx, next, options));
  }

  private async run(ctx: ExecutionContext, next: CallHandler, options: CacheableOptions) {
    const input = keyInputFromHttp(ctx);
    const key = buildKey(options.key, input);
    const bloomMember = options.bloomMember ? buildKey(options.bloomMember, input) : undefined;
    const result = await this.cache.getOrSetFor(key, () => this.load(next), options, bloomMember);
    setHeader(ctx, CACHE_STATE_HEADER, result.state);
    if (result.value === null) throw new NotFoundException();
    return result.value;
  }

  /** A handler's 404 becomes a cacheable "not found"; other errors are not cached. */
  private async load(next: CallHandler): Promise<unknown> {
    try {
      return await lastValueFrom(next.handle(), { defaultValue: null });
    } catch (err) {
      if (err instanceof HttpException && err.getStatus() === HttpStatus.NOT_FOUND) return null;
      throw err;
    }
  }
}
