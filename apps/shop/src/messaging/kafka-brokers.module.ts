import { Global, Module } from '@nestjs/common';
import { KafkaBrokers } from './kafka-brokers';

@Global()
@Module({ providers: [KafkaBrokers], exports: [KafkaBrokers] })
export class KafkaBrokersModule {}
