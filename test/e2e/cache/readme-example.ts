import {
  Body,
  Controller,
  Get,
  Injectable,
  Module,
  NotFoundException,
  Param,
  ParseIntPipe,
  Put,
} from '@nestjs/common';
import { Cacheable, CacheEvict, CacheModule } from '@bulwark/cache';
import { Pool } from 'pg';

export interface Product {
  id: number;
  name: string;
}

@Injectable()
export class ProductsService {
  constructor(private readonly db: Pool) {}

  // Provider form: the key is built from the method's arguments, so the route's pipes have
  // already validated them ('abc' is a 400 from ParseIntPipe, never a cache key).
  @Cacheable({ key: 'product:{0}', ttl: '60s', l1Ttl: '2s', staleTtl: '5m' })
  async findOne(id: number): Promise<Product | null> {
    const { rows } = await this.db.query<Product>('SELECT id, name FROM product WHERE id = $1', [
      id,
    ]);
    return rows[0] ?? null; // null is cached as "not found" for nullTtl (30 s)
  }

  // Evicts once the method has resolved, i.e. after the UPDATE committed, on every instance.
  @CacheEvict({ keys: 'product:{0}' })
  async rename(id: number, name: string): Promise<Product | null> {
    const { rows } = await this.db.query<Product>(
      'UPDATE product SET name = $2 WHERE id = $1 RETURNING id, name',
      [id, name],
    );
    return rows[0] ?? null;
  }
}

@Controller('products')
export class ProductsController {
  constructor(private readonly products: ProductsService) {}

  @Get(':id')
  async get(@Param('id', ParseIntPipe) id: number): Promise<Product> {
    const product = await this.products.findOne(id);
    if (!product) throw new NotFoundException(`Product ${id} not found`);
    return product;
  }

  @Put(':id')
  async rename(
    @Param('id', ParseIntPipe) id: number,
    @Body() body: { name: string },
  ): Promise<Product> {
    const product = await this.products.rename(id, body.name);
    if (!product) throw new NotFoundException(`Product ${id} not found`);
    return product;
  }
}

@Module({
  imports: [
    CacheModule.forRootAsync({
      useFactory: () => ({
        redisUrl: process.env.REDIS_URL, // unset: an in-process L2, said once in the log
        app: process.env.CACHE_APP ?? 'example', // keys: <app>:products:product:42
        namespace: 'products',
      }),
    }),
  ],
  controllers: [ProductsController],
  providers: [
    ProductsService,
    { provide: Pool, useFactory: () => new Pool({ connectionString: process.env.DATABASE_URL }) },
  ],
})
export class AppModule {}
