import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CacheService } from '@bulwark/cache';
import { productKey } from '../catalog/catalog-cache';
import { ProductBloomService } from '../catalog/product-bloom.service';
import { AdminGuard } from './admin.guard';
import { BloomRebuilt, PurgeProductsDto, Purged } from './admin.dto';
import { ApiJsonBody } from '../common/json-content-type';
import { ADMIN_AUTH_ERRORS, ApiErrors } from '../common/api-responses';

@ApiTags('admin')
@ApiBearerAuth()
@ApiErrors(ADMIN_AUTH_ERRORS)
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
  @ApiOkResponse({ type: BloomRebuilt, description: 'Rebuilt from Postgres: its member count' })
  rebuildBloom(): Promise<BloomRebuilt> {
    return this.bloom.rebuild();
  }

  /** Evicts products from L2 and from every instance's L1 (with the delayed double delete). */
  @Post('cache/purge')
  @HttpCode(200)
  @ApiOkResponse({ type: Purged, description: 'Evicted from L2 and every instance’s L1' })
  @ApiErrors({ 400: 'productIds is not an array of 1 to 1000 positive integers' })
  @ApiJsonBody()
  async purge(@Body() dto: PurgeProductsDto): Promise<Purged> {
    const ids = [...new Set(dto.productIds)];
    await this.cache.evict(...ids.map(productKey));
    return { evicted: ids.length };
  }
}
