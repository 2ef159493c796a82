import {
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { isDlqReplayInProgressError } from '@bulwark/messaging';
import { KafkaDeadLetter, KafkaDlqService, KafkaReplayResult } from '@bulwark/messaging/kafka';
import { RabbitMqDlqService } from '@bulwark/messaging/rabbitmq';
import { AdminGuard } from './admin.guard';
import { DestinationPipe } from './destination.pipe';
import {
  DlqListQuery,
  KafkaDeadLetterView,
  KafkaReplayDto,
  KafkaReplayResultView,
  RabbitDeadLetterView,
  RabbitReplayDto,
  RabbitReplayResultView,
} from './dlq.dto';
import { ApiJsonBody } from '../common/json-content-type';
import { ADMIN_AUTH_ERRORS, ApiErrors } from '../common/api-responses';

const BAD_NAME = 'The name is not letters, digits, . _ - (at most 200)';
const RABBIT_OFF = 'The RabbitMQ transport is off (RABBITMQ_URL unset)';

/**
 * Dead letters of both transports. Listing never loses one (Kafka: read without committing;
 * RabbitMQ: read and requeued in order); replay sends them back to where they failed.
 */
@ApiTags('admin')
@ApiBearerAuth()
@ApiErrors(ADMIN_AUTH_ERRORS)
@UseGuards(AdminGuard)
@Controller('admin/dlq')
export class DlqAdminController {
  constructor(
    private readonly kafka: KafkaDlqService,
    @Inject(RabbitMqDlqService) private readonly rabbit: RabbitMqDlqService | null,
  ) {}

  // RabbitMQ routes first: `rmq/:queue` must not be read as a Kafka topic called "rmq".
  @Get('rmq/:queue')
  @ApiOkResponse({
    type: [RabbitDeadLetterView],
    description: 'Dead letters of `<queue>.dlq`, oldest first, with their headers',
  })
  @ApiErrors({ 400: `${BAD_NAME}, or limit is not 1 to 1000`, 409: RABBIT_OFF })
  listRabbit(@Param('queue', DestinationPipe) queue: string, @Query() q: DlqListQuery) {
    return this.rabbitDlq().list(queue, q.limit ?? 100);
  }

  @Post('rmq/:queue/replay')
  @HttpCode(200)
  @ApiOkResponse({
    type: RabbitReplayResultView,
    description: 'The selected (or all) dead letters sent back to `<queue>`',
  })
  @ApiErrors({ 400: `${BAD_NAME}, or ids is not an array of strings`, 409: RABBIT_OFF })
  @ApiJsonBody()
  replayRabbit(@Param('queue', DestinationPipe) queue: string, @Body() dto: RabbitReplayDto) {
    return this.rabbitDlq().replay(queue, dto.ids);
  }

  @Get(':topic')
  @ApiOkResponse({
    type: [KafkaDeadLetterView],
    description: 'Dead letters of `<topic>.dlq` with their headers; `[]` when there are none',
  })
  @ApiErrors({ 400: `${BAD_NAME}, or limit is not 1 to 1000` })
  listKafka(
    @Param('topic', DestinationPipe) topic: string,
    @Query() q: DlqListQuery,
  ): Promise<KafkaDeadLetter[]> {
    return this.kafka.list(topic, q.limit ?? 100);
  }

  @Post(':topic/replay')
  @HttpCode(200)
  @ApiOkResponse({
    type: KafkaReplayResultView,
    description: 'The selected (or all new) dead letters sent back to `<topic>`',
  })
  @ApiErrors({
    400: `${BAD_NAME}, or invalid positions`,
    409: 'A replay of all dead letters of this topic is running',
  })
  @ApiJsonBody()
  replayKafka(
    @Param('topic', DestinationPipe) topic: string,
    @Body() dto: KafkaReplayDto,
  ): Promise<KafkaReplayResult> {
    return this.kafka.replay(topic, dto.positions).catch((err: unknown) => {
      throw isDlqReplayInProgressError(err) ? new ConflictException(err.message) : err;
    });
  }

  private rabbitDlq(): RabbitMqDlqService {
    if (!this.rabbit)
      throw new ConflictException('The RabbitMQ transport is off (RABBITMQ_URL unset)');
    return this.rabbit;
  }
}
