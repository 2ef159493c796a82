import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ShopEnv } from '../config/env';
import { DatabaseService } from '../database/database.service';
import { Product } from './product.entity';

/** Demo catalogue for the zero-setup run: an empty embedded database has nothing to `curl`. */
export const DEMO_PRODUCTS = 10;

@Injectable()
export class DemoSeeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoSeeder');

  constructor(
    private readonly db: DatabaseService,
    private readonly config: ConfigService<ShopEnv, true>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const embedded = !this.config.get('DATABASE_URL', { infer: true });
    if (!embedded || !this.config.get('SEED_DEMO', { infer: true }) || !this.db.isReady) return;
    if ((await this.db.manager.count(Product)) > 0) return;
    const rows = Array.from({ length: DEMO_PRODUCTS }, (_, i) => ({
      sku: `DEMO-${String(i + 1).padStart(3, '0')}`,
      name: `Demo product ${i + 1}`,
      priceCents: 999 + i * 100,
      stock: 100,
    }));
    await this.db.manager.insert(Product, rows);
    this.logger.log(`seeded ${DEMO_PRODUCTS} demo products into the embedded database (ids 1-10)`);
  }
}
