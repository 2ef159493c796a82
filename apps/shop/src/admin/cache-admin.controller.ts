import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { CacheService } from '@bulwark/cache';
import { productKey } from '../catalog/catalog-cache';
import { ProductBloomService } from '../catalog/product-bloom.service';
import { AdminGuard } from './admin.guard';
import { BloomRebuilt, PurgeProductsDto, Purged } from './admin.dto';
import { ApiJsonBody } from '../common/json-content-type';

@ApiTags('admin')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ description: 'Missing or wrong bearer token' })
@UseGuards(AdminGuard)
@Controller('admin')
export class CacheAdminController {
  constructor(
    private readonly bloom: ProductBloomService,
    private readonly cache: CacheService,
  ) {}

  /** Rebuilds the products Bloom filter from Postgres, e.g. after a bulk import. */
  @Post('bloom/rebuild')
  @HttpCode(200)
  @ApiOkResponse({ type: BloomRebuilt })
  rebuildBloom(): Promise<BloomRebuilt> {
    return this.bloom.rebuild();
  }

  /** Evicts products from L2 and from every instance's L1 (with the delayed double delete). */
  @Post('cache/purge')
  @HttpCode(200)
  @ApiOkResponse({ type: Purged })
  @ApiJsonBody()
  async purge(@Body() dto: PurgeProductsDto): Promise<Purged> {
    const ids = [...new Set(dto.productIds)];
    await this.cache.evict(...ids.map(productKey));
    return { evicted: ids.length };
  }
}
