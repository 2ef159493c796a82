import { Module } from '@nestjs/common';
import { OrderBatcher } from './order-batcher';
import { OrderConfirmationService } from './order-confirmation.service';
import { OrderEventsController } from './order-events.controller';
import { OrderWrites } from './order-writes';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';

@Module({
  controllers: [OrdersController, OrderEventsController],
  providers: [OrdersService, OrderBatcher, OrderWrites, OrderConfirmationService],
})
export class OrdersModule {}
