import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { type CacheResult, CacheEvict, CacheService } from '@bulwark/cache';
import { ResiliencePolicies } from '@bulwark/resilience';
import { DatabaseService } from '../database/database.service';
import { pgErrorCode, PG_UNIQUE_VIOLATION } from '../database/pg-errors';
import { PRODUCT_CACHE, PRODUCT_KEY, productKey } from './catalog-cache';
import { ProductBloomService } from './product-bloom.service';
import { CreateProductDto, UpdateProductDto } from './product.dto';

const MAX_STOCK = 2_147_483_647;
import { Product } from './product.entity';

@Injectable()
export class CatalogService {
  constructor(
    private readonly db: DatabaseService,
    private readonly bloom: ProductBloomService,
    private readonly policies: ResiliencePolicies,
    private readonly cache: CacheService,
  ) {}

  /**
   * The product (`null` when the id is unknown, an answer the cache stores too) and where the
   * cache found it, for the route's `x-cache` header. Called directly rather than through
   * `@Cacheable`, whose provider form hands back the value alone; `PRODUCT_CACHE` is one
   * constant object, so its options are resolved once, not per read.
   */
  read(id: number): Promise<CacheResult<Product>> {
    return this.cache.getOrSetFor(productKey(id), () => this.load(id), PRODUCT_CACHE, String(id));
  }

  async get(id: number): Promise<Product> {
    const { value } = await this.read(id);
    if (!value) throw new NotFoundException(`Product ${id} not found`);
    return value;
  }

  private load(id: number): Promise<Product | null> {
    // Budget + breaker: a slow Postgres fails this load in time for the cache to answer from its
    // grace window within the route's own budget. One round trip, no `withStatementTimeout`: its
    // BEGIN / SET LOCAL / SELECT / COMMIT are four, and in a flash crowd each waits for a turn of
    // an event loop busy accepting hundreds of connections — the load of a cold hot key then
    // outlived every waiter's budget (bench:burst, 2026-12-05: 1,000 × 504). A primary-key read
    // takes no row lock and cannot run long on the server, so there is nothing for a
    // server-side cancel to stop; the policy's budget frees the caller. The breaker judges the
    // read from when it holds a pool connection: waiting for one is this app's load (issue 20).
    return this.policies.dependency('postgres').execute(
      (context) =>
        this.db.withConnection(
          (manager) => manager.findOneBy(Product, { id }),
          () => context.markStarted(),
        ),
      { start: 'marked' },
    );
  }

  async create(dto: CreateProductDto): Promise<Product> {
    const { sku, name, priceCents, stock } = dto;
    let product: Product;
    try {
      product = await this.db.manager.save(
        Product,
        this.db.manager.create(Product, { sku, name, priceCents, stock }),
      );
    } catch (err) {
      throw this.conflictOnDuplicateSku(err, dto.sku);
    }
    // After the commit: the id must be in the filter before anyone can learn it from this answer.
    await this.bloom.add(product.id);
    return product;
  }

  /** Evicts the cached product everywhere once the transaction has committed. */
  @CacheEvict({ keys: PRODUCT_KEY })
  async update(id: number, dto: UpdateProductDto): Promise<Product> {
    const { version, ...changes } = dto;
    try {
      return await this.db.manager.transaction(async (m) => {
        const current = await m.findOne(Product, {
          where: { id },
          lock: { mode: 'pessimistic_write' },
        });
        if (!current) throw new NotFoundException(`Product ${id} not found`);
        if (version !== undefined && version !== current.version) {
          throw new ConflictException(
            `Product ${id} is at version ${current.version}, not ${version}; read it again`,
          );
        }
        return m.save(Product, m.merge(Product, current, changes));
      });
    } catch (err) {
      throw this.conflictOnDuplicateSku(err, dto.sku);
    }
  }

  /**
   * Adds `delta` units (negative: withdraws) in one conditional UPDATE, so it composes with orders
   * placed meanwhile instead of overwriting them: it waits for the running order batch's row lock
   * and the next batch allocates against the new stock. 409 rather than below 0 or past int32.
   */
  @CacheEvict({ keys: PRODUCT_KEY })
  async adjustStock(id: number, delta: number): Promise<Product> {
    return this.db.manager.transaction(async (m) => {
      const result = await m
        .createQueryBuilder()
        .update(Product)
        .set({ stock: () => 'stock + :delta' })
        .where('id = :id AND stock::bigint + :delta BETWEEN 0 AND :max', {
          id,
          delta,
          max: MAX_STOCK,
        })
        .execute();
      const product = await m.findOneBy(Product, { id });
      if (!product) throw new NotFoundException(`Product ${id} not found`);
      if (result.affected !== 1) {
        throw new ConflictException(
          `Product ${id} has ${product.stock} in stock; ${delta} would take it outside 0..${MAX_STOCK}`,
        );
      }
      return product;
    });
  }

  private conflictOnDuplicateSku(err: unknown, sku: string | undefined): unknown {
    return pgErrorCode(err) === PG_UNIQUE_VIOLATION
      ? new ConflictException(`A product with sku "${sku}" already exists`)
      : err;
  }
}
