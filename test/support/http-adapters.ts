import { INestApplication } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { TestingModule } from '@nestjs/testing';

/**
 * The two HTTP adapters Nest ships. The shop runs on Fastify; the libraries' HTTP integrations
 * (`@Cacheable` on routes and `x-cache`, the resilience interceptor, the throttler storage) are
 * tested on both, since a user's app may be on either.
 */
export const HTTP_ADAPTERS = ['express', 'fastify'] as const;
export type HttpAdapterName = (typeof HTTP_ADAPTERS)[number];

/** A Nest app of `moduleRef` on the named adapter (not listening yet). */
export function createTestApp(
  moduleRef: TestingModule,
  adapter: HttpAdapterName,
): INestApplication {
  return adapter === 'fastify'
    ? moduleRef.createNestApplication(new FastifyAdapter(), { logger: false })
    : moduleRef.createNestApplication({ logger: false });
}
