import { Module } from '@nestjs/common';
import { OrderBatcher } from './order-batcher';
import { OrderConfirmationService } from './order-confirmation.service';
import { OrderEventsController } from './order-events.controller';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';

@Module({
  controllers: [OrdersController, OrderEventsController],
  providers: [OrdersService, OrderBatcher, OrderConfirmationService],
})
export class OrdersModule {}
