import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHash, timingSafeEqual } from 'node:crypto';
import { ShopEnv } from '../config/env';

interface AuthorizedRequest {
  headers: Record<string, string | string[] | undefined>;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * `/admin/*` needs `Authorization: Bearer $ADMIN_TOKEN`. With no ADMIN_TOKEN configured nobody gets
 * in: an unset secret must not mean "open". Tokens are compared as hashes in constant time.
 */
@Injectable()
export class AdminGuard implements CanActivate {
  private readonly expected?: Buffer;

  constructor(config: ConfigService<ShopEnv, true>) {
    const token = config.get('ADMIN_TOKEN', { infer: true });
    this.expected = token ? digest(token) : undefined;
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<AuthorizedRequest>().headers.authorization;
    const match = typeof header === 'string' ? /^Bearer (.+)$/i.exec(header) : null;
    if (!this.expected || !match || !timingSafeEqual(digest(match[1]), this.expected)) {
      throw new UnauthorizedException('A valid admin bearer token is required');
    }
    return true;
  }
}
