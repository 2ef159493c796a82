import {
  CanActivate,
  ExecutionContext,
  HttpException,
  HttpStatus,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { AdminAuth, clientAddress } from './admin-auth';

interface AuthorizedRequest {
  headers: Record<string, string | string[] | undefined>;
  ip?: string;
  socket?: { remoteAddress?: string };
}

interface HeaderSink {
  header(name: string, value: string): unknown;
}

/**
 * `/admin/*` needs `Authorization: Bearer $ADMIN_TOKEN` ({@link AdminAuth}): 401 without it, 429
 * with `Retry-After` once an address has failed too often.
 */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(private readonly auth: AdminAuth) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const req = http.getRequest<AuthorizedRequest>();
    const outcome = await this.auth.check(req.headers.authorization, clientAddress(req));
    if (outcome.kind === 'granted') return true;
    if (outcome.kind === 'denied') {
      throw new UnauthorizedException('A valid admin bearer token is required');
    }
    http.getResponse<HeaderSink>().header('Retry-After', String(outcome.retryAfterSeconds));
    throw new HttpException(
      'Too many failed admin authentications from this address; retry later',
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
