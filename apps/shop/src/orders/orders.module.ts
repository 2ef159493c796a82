import { Module } from '@nestjs/common';
import { OrderConfirmationService } from './order-confirmation.service';
import { OrderEventsController } from './order-events.controller';
import { OrdersController } from './orders.controller';
import { OrdersService } from './orders.service';

@Module({
  controllers: [OrdersController, OrderEventsController],
  providers: [OrdersService, OrderConfirmationService],
})
export class OrdersModule {}
