import type { FastifyReply } from 'fastify';
import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
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
import { ApiDeadlineHeaders, ApiErrors, DATA_ROUTE_ERRORS } from '../common/api-responses';

@ApiTags('orders')
@ApiDeadlineHeaders()
@Controller('orders')
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Post()
  @HttpCode(202)
  // No route breaker: the route's time is mostly queueing on the hot row. Its Postgres calls
  // carry the breaker themselves (OrderWrites), judged from when they start.
  @Resilient({ timeout: ORDER_BUDGET })
  @ApiAcceptedResponse({
    type: OrderAccepted,
    description: 'Order, stock reservation and event committed; order PENDING',
    headers: {
      'Idempotent-Replayed': {
        description:
          '`true` when the Idempotency-Key was already used with this body: the answer is the order it created, nothing was reserved again',
        schema: { type: 'string', enum: ['true'] },
      },
    },
  })
  @ApiErrors({
    400: 'Invalid body or Idempotency-Key',
    404: 'Unknown product',
    409: 'Not enough stock',
    422: 'Idempotency-Key reused with another body',
    ...DATA_ROUTE_ERRORS,
    504: 'Budget (1 s) spent; the order may still commit: resend with the same Idempotency-Key',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      `Up to ${MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII characters. Resending an order with ` +
      'the same key (after a timeout, say) answers with the order it created, marked ' +
      '`Idempotent-Replayed: true`, and reserves nothing again.',
  })
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
  @ApiOkResponse({
    type: OrderView,
    description: 'PENDING (committed, event not yet consumed) or CONFIRMED (fulfilment written)',
  })
  @ApiErrors({ 400: 'id is not a positive integer', 404: 'Unknown id', ...DATA_ROUTE_ERRORS })
  get(@Param('id', IdPipe) id: number): Promise<Order> {
    return this.orders.get(id);
  }
}
