import type { FastifyReply } from 'fastify';
import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Resilient } from '@bulwark/resilience';
import { IdPipe } from '../common/id.pipe';
import { ORDER_BUDGET } from '../resilience/shop-resilience';
import { CreateOrderDto, OrderAccepted, OrderView } from './order.dto';
import { Order } from './order.entity';
import {
  IdempotencyKeyHeader,
  IdempotencyKeyPipe,
  MAX_IDEMPOTENCY_KEY_LENGTH,
} from './idempotency-key.pipe';
import { IdempotencyScope } from './idempotency-scope';
import { OrdersService } from './orders.service';
import { ApiJsonBody } from '../common/json-content-type';

@ApiTags('orders')
@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post()
  @HttpCode(202)
  // No route breaker: the route's time is mostly queueing on the hot row. Its Postgres calls
  // carry the breaker themselves (OrderWrites), judged from when they start.
  @Resilient({ timeout: ORDER_BUDGET })
  @ApiAcceptedResponse({ type: OrderAccepted, description: 'Stock reserved; order PENDING' })
  @ApiBadRequestResponse()
  @ApiNotFoundResponse({ description: 'Unknown product' })
  @ApiConflictResponse({ description: 'Not enough stock' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      `Up to ${MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII characters. Resending an order with ` +
      'the same key (after a timeout, say) answers with the order it created, marked ' +
      '`Idempotent-Replayed: true`, and reserves nothing again.',
  })
  @ApiUnprocessableEntityResponse({ description: 'Idempotency-Key reused with another body' })
  @ApiJsonBody()
  async create(
    @Body() dto: CreateOrderDto,
    @IdempotencyKeyHeader(IdempotencyKeyPipe) idempotencyKey: string | undefined,
    @IdempotencyScope() scope: string | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<OrderAccepted> {
    const { order, replayed } = await this.orders.place(dto, idempotencyKey, scope);
    if (replayed) res.header('Idempotent-Replayed', 'true');
    return { id: order.id, status: order.status };
  }

  @Get(':id')
  @ApiOkResponse({ type: OrderView })
  @ApiNotFoundResponse()
  get(@Param('id', IdPipe) id: number): Promise<Order> {
    return this.orders.get(id);
  }
}
