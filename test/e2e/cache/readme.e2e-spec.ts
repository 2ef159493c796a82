import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { CacheService } from '@bulwark/cache';
import { Pool } from 'pg';
import request from 'supertest';
import { createSchema, dropSchema, query, TEST_DATABASE_URL } from '../../support/postgres';
import { CacheTestKit, REDIS_URL } from './cache-test-kit';
import { AppModule } from './readme-example';

const README = resolve(__dirname, '../../../libs/cache/README.md');
const EXAMPLE = resolve(__dirname, 'readme-example.ts');

/** The README's Quick example: the one ```ts block between the quick-example markers. */
function quickExample(): string {
  const text = readFileSync(README, 'utf8');
  const block = /<!-- quick-example -->\s*```ts\n([\s\S]*?)```\s*<!-- \/quick-example -->/.exec(
    text,
  );
  if (!block) throw new Error('the README has no quick-example block');
  return block[1];
}

describe('Cache | the README Quick example, run as written', () => {
  const kit = new CacheTestKit(); // its prefix and cleanup; the example builds its own service
  let schema: string;
  let app: INestApplication;

  it('is this file, verbatim (copy-paste from the README runs what this test runs)', () => {
    expect(quickExample()).toBe(readFileSync(EXAMPLE, 'utf8'));
  });

  beforeAll(async () => {
    schema = await createSchema('readme');
    await query(`CREATE TABLE "${schema}".product (id int PRIMARY KEY, name text NOT NULL)`);
    await query(`INSERT INTO "${schema}".product VALUES (1, 'kettle')`);
    const db = new URL(TEST_DATABASE_URL);
    db.searchParams.set('options', `-c search_path=${schema}`);
    process.env.DATABASE_URL = db.toString();
    process.env.REDIS_URL = REDIS_URL;
    process.env.CACHE_APP = kit.app;
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), {
      logger: false,
    });
    await app.init();
    await (app as NestFastifyApplication).getHttpAdapter().getInstance().ready();
  });

  afterAll(async () => {
    const pool = app?.get(Pool);
    await app?.close();
    await pool?.end();
    await kit.cleanup();
    await dropSchema(schema);
    delete process.env.DATABASE_URL;
    delete process.env.CACHE_APP;
  });

  const http = () => request(app.getHttpServer());
  const get = async (url: string) => {
    const res = await http().get(url);
    return { status: res.status, body: res.body as { id?: number; name?: string } };
  };

  it('caches reads, answers 400 for a malformed id and 404 for an unknown one, and evicts on write', async () => {
    const cache = app.get(CacheService);
    expect(await get('/products/1')).toEqual({ status: 200, body: { id: 1, name: 'kettle' } });
    await query(`UPDATE "${schema}".product SET name = 'behind the cache' WHERE id = 1`);
    expect((await get('/products/1')).body.name).toBe('kettle'); // cached
    expect(cache.metrics.count('hits', 'l1')).toBe(1);
    expect((await get('/products/abc')).status).toBe(400); // the pipe ran before any key
    expect((await get('/products/999')).status).toBe(404);

    await http().put('/products/1').send({ name: 'renamed' }).expect(200);
    expect((await get('/products/1')).body.name).toBe('renamed');
    expect(cache.metrics.count('evictions')).toBe(1);
  });
});
