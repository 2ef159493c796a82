import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Resilient } from '@bulwark/resilience';
import { IdPipe } from '../common/id.pipe';
import { ORDER_BUDGET } from '../resilience/shop-resilience';
import { CreateOrderDto, OrderAccepted, OrderView } from './order.dto';
import { Order } from './order.entity';
import { OrdersService } from './orders.service';

@ApiTags('orders')
@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post()
  @HttpCode(202)
  @Resilient({ timeout: ORDER_BUDGET, breaker: 'postgres' })
  @ApiAcceptedResponse({ type: OrderAccepted, description: 'Stock reserved; order PENDING' })
  @ApiBadRequestResponse()
  @ApiNotFoundResponse({ description: 'Unknown product' })
  @ApiConflictResponse({ description: 'Not enough stock' })
  async create(@Body() dto: CreateOrderDto): Promise<OrderAccepted> {
    const order = await this.orders.place(dto);
    return { id: order.id, status: order.status };
  }

  @Get(':id')
  @ApiOkResponse({ type: OrderView })
  @ApiNotFoundResponse()
  get(@Param('id', IdPipe) id: number): Promise<Order> {
    return this.orders.get(id);
  }
}
