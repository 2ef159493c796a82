import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { ORDER_STATUSES, OrderStatus } from './order.entity';

/** Upper bound on one order's quantity: a flash sale sells units, not warehouses. */
export const MAX_ORDER_QUANTITY = 1000;

export class CreateOrderDto {
  @ApiProperty({ example: 1, minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  productId!: number;

  @ApiProperty({ example: 1, minimum: 1, maximum: MAX_ORDER_QUANTITY })
  @IsInt()
  @Min(1)
  @Max(MAX_ORDER_QUANTITY)
  quantity!: number;
}

export class OrderAccepted {
  @ApiProperty() id!: number;
  @ApiProperty({ enum: ORDER_STATUSES }) status!: OrderStatus;
}

export class OrderView extends OrderAccepted {
  @ApiProperty() productId!: number;
  @ApiProperty() quantity!: number;
  @ApiProperty() createdAt!: string;
}
