import {
  Body,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Put,
  Res,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CACHE_STATE_HEADER } from '@bulwark/cache';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Timeout } from '@bulwark/resilience';
import { IdPipe } from '../common/id.pipe';
import { CatalogService } from './catalog.service';
import { AdjustStockDto, CreateProductDto, ProductView, UpdateProductDto } from './product.dto';
import { Product } from './product.entity';
import { ApiJsonBody } from '../common/json-content-type';
import { ApiDeadlineHeaders, ApiErrors, DATA_ROUTE_ERRORS } from '../common/api-responses';

@ApiTags('products')
@ApiDeadlineHeaders()
@Controller('products')
export class ProductsController {
  constructor(private readonly catalog: CatalogService) {}

  @Get(':id')
  @Timeout() // PRODUCT_READ_TIMEOUT_MS, 300 ms by default
  @ApiOkResponse({
    type: ProductView,
    description: 'Cached: Bloom filter, L1, L2, fleet-wide single load',
  })
  @ApiErrors({
    400: 'id is not a positive integer',
    404: 'Unknown id',
    ...DATA_ROUTE_ERRORS,
    504: 'Budget (PRODUCT_READ_TIMEOUT_MS, 300 ms) spent with no cached copy to serve',
  })
  async get(
    @Param('id', IdPipe) id: number,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<Product> {
    const { value, state } = await this.catalog.read(id);
    // Where the answer came from (l1, l2, miss, stale, rejected), for `curl -i`: one header, no
    // allocation (the state is one of five interned strings).
    res.header(CACHE_STATE_HEADER, state);
    if (!value) throw new NotFoundException(`Product ${id} not found`);
    return value;
  }

  @Post()
  @HttpCode(201)
  @ApiCreatedResponse({ type: ProductView, description: 'Created, with version 1' })
  @ApiErrors({ 400: 'Invalid body', 409: 'sku already exists', ...DATA_ROUTE_ERRORS })
  @ApiJsonBody()
  create(@Body() dto: CreateProductDto): Promise<Product> {
    return this.catalog.create(dto);
  }

  @Put(':id')
  @ApiOkResponse({
    type: ProductView,
    description: 'Evicts the product from every instance’s cache',
  })
  @ApiErrors({
    400: 'id is not a positive integer, or invalid body',
    404: 'Unknown id',
    409: 'sku taken, or version mismatch',
    ...DATA_ROUTE_ERRORS,
  })
  @ApiJsonBody()
  update(@Param('id', IdPipe) id: number, @Body() dto: UpdateProductDto): Promise<Product> {
    return this.catalog.update(id, dto);
  }

  @Post(':id/stock')
  @HttpCode(200)
  @ApiOkResponse({
    type: ProductView,
    description: 'Stock changed by `delta`, composed with concurrent orders; cache evicted',
  })
  @ApiErrors({
    400: 'id is not a positive integer, or delta is not a non-zero integer',
    404: 'Unknown id',
    409: 'Stock would go below 0 (or past int32)',
    ...DATA_ROUTE_ERRORS,
  })
  @ApiJsonBody()
  adjustStock(@Param('id', IdPipe) id: number, @Body() dto: AdjustStockDto): Promise<Product> {
    return this.catalog.adjustStock(id, dto.delta);
  }
}
