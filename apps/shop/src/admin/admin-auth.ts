import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ThrottlerStorageService } from '@nestjs/throttler';
import { createHash, timingSafeEqual } from 'node:crypto';
import { ShopEnv } from '../config/env';

/** Failed attempts one client address may make per window before it gets 429s. */
export const ADMIN_AUTH_MAX_FAILURES = 10;
/** Window over which failed attempts are counted, ms. */
export const ADMIN_AUTH_WINDOW_MS = 60_000;
/** How long an address that passed the limit is refused, ms. */
export const ADMIN_AUTH_BLOCK_MS = 60_000;
/** Name of the throttler record the failures are counted under. */
const THROTTLER = 'admin-auth';
/** Addresses whose block was logged, kept at most this many (an attack from many addresses). */
const MAX_ANNOUNCED = 10_000;

/** What a request's `Authorization` header is worth. */
export type AdminAuthOutcome =
  | { readonly kind: 'granted' }
  | { readonly kind: 'denied' }
  | { readonly kind: 'throttled'; readonly retryAfterSeconds: number };

const GRANTED: AdminAuthOutcome = { kind: 'granted' };
const DENIED: AdminAuthOutcome = { kind: 'denied' };

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * The one check of the admin bearer token (`Authorization: Bearer $ADMIN_TOKEN`), for `/admin/*`
 * and for the details of `/health/ready`. With no ADMIN_TOKEN configured nobody gets in: an unset
 * secret must not mean "open". Tokens are compared as hashes in constant time.
 *
 * Failed attempts are counted per client address with @nestjs/throttler's storage (the same
 * `ThrottlerStorage` contract as the Redis one in `@bulwark/resilience`; in memory, per
 * instance, so admin access never depends on Redis): past {@link ADMIN_AUTH_MAX_FAILURES} in
 * {@link ADMIN_AUTH_WINDOW_MS} the address is refused for {@link ADMIN_AUTH_BLOCK_MS}. The
 * right token is never refused: throttling slows a guesser down and keeps the log readable; it
 * must not lock the operator out because someone else guessed from a shared address. Each
 * counted failure is logged as a warning with the address (never the token), and a block once.
 */
@Injectable()
export class AdminAuth implements OnApplicationShutdown {
  private readonly expected?: Buffer;
  private readonly failures = new ThrottlerStorageService();
  /** Address → end of its logged block (ms), so a blocked guesser costs no log line per try. */
  private readonly announced = new Map<string, number>();
  private readonly logger = new Logger('AdminAuth');

  constructor(config: ConfigService<ShopEnv, true>) {
    const token = config.get('ADMIN_TOKEN', { infer: true });
    this.expected = token ? digest(token) : undefined;
  }

  /** Judges `authorization` (the raw header) sent from `client` (its address). */
  async check(authorization: unknown, client: string): Promise<AdminAuthOutcome> {
    const match = typeof authorization === 'string' ? /^Bearer (.+)$/i.exec(authorization) : null;
    if (this.expected && match && timingSafeEqual(digest(match[1]), this.expected)) return GRANTED;
    const record = await this.failures.increment(
      client,
      ADMIN_AUTH_WINDOW_MS,
      ADMIN_AUTH_MAX_FAILURES,
      ADMIN_AUTH_BLOCK_MS,
      THROTTLER,
    );
    if (!record.isBlocked) {
      this.logger.warn(
        `admin authentication failed from ${client} (${record.totalHits} of ${ADMIN_AUTH_MAX_FAILURES} allowed per ${ADMIN_AUTH_WINDOW_MS / 1000} s)`,
      );
      return DENIED;
    }
    const retryAfterSeconds = Math.max(1, record.timeToBlockExpire);
    this.announceBlock(client, retryAfterSeconds);
    return { kind: 'throttled', retryAfterSeconds };
  }

  onApplicationShutdown(): void {
    this.failures.onApplicationShutdown();
  }

  private announceBlock(client: string, seconds: number): void {
    const now = Date.now();
    const until = this.announced.get(client);
    if (until !== undefined && until > now) return;
    if (this.announced.size >= MAX_ANNOUNCED) {
      for (const [address, end] of this.announced) if (end <= now) this.announced.delete(address);
      if (this.announced.size >= MAX_ANNOUNCED) this.announced.clear();
    }
    this.announced.set(client, now + seconds * 1000);
    this.logger.warn(
      `admin authentication: ${client} refused for ${seconds} s after ${ADMIN_AUTH_MAX_FAILURES} failed attempts`,
    );
  }
}

/** The address a request came from, as the admin throttle counts it. */
export function clientAddress(req: { ip?: string; socket?: { remoteAddress?: string } }): string {
  return req.ip ?? req.socket?.remoteAddress ?? 'unknown';
}
