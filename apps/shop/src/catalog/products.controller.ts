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
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiCreatedResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Timeout } from '@bulwark/resilience';
import { IdPipe } from '../common/id.pipe';
import { CatalogService } from './catalog.service';
import { AdjustStockDto, CreateProductDto, ProductView, UpdateProductDto } from './product.dto';
import { Product } from './product.entity';
import { ApiJsonBody } from '../common/json-content-type';

@ApiTags('products')
@Controller('products')
export class ProductsController {
  constructor(private readonly catalog: CatalogService) {}

  @Get(':id')
  @Timeout() // PRODUCT_READ_TIMEOUT_MS, 300 ms by default
  @ApiOkResponse({
    type: ProductView,
    description: 'Cached: Bloom filter, L1, L2, fleet-wide single load',
  })
  @ApiBadRequestResponse({ description: 'id is not a positive integer' })
  @ApiNotFoundResponse()
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
  @ApiCreatedResponse({ type: ProductView })
  @ApiBadRequestResponse()
  @ApiConflictResponse({ description: 'sku already exists' })
  @ApiJsonBody()
  create(@Body() dto: CreateProductDto): Promise<Product> {
    return this.catalog.create(dto);
  }

  @Put(':id')
  @ApiOkResponse({
    type: ProductView,
    description: 'Evicts the product from every instance’s cache',
  })
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'sku taken, or version mismatch' })
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
  @ApiNotFoundResponse()
  @ApiConflictResponse({ description: 'stock would go below 0 (or past int32)' })
  @ApiJsonBody()
  adjustStock(@Param('id', IdPipe) id: number, @Body() dto: AdjustStockDto): Promise<Product> {
    return this.catalog.adjustStock(id, dto.delta);
  }
}
