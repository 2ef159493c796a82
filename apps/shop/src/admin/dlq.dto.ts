import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

/** Kafka topic or RabbitMQ queue names as the shop uses them; anything else is a 400. */
export const DESTINATION_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

export class DlqListQuery {
  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class DlqPositionDto {
  @IsInt()
  @Min(0)
  partition!: number;

  @IsString()
  @Matches(/^\d{1,19}$/, { message: 'offset must be a non-negative integer string' })
  offset!: string;
}

export class KafkaReplayDto {
  @ApiPropertyOptional({
    description: 'Dead letters to replay; omitted: every one not yet replayed',
  })
  // Not @IsOptional: that would let an explicit `null` through as "omitted", i.e. "replay all".
  @ValidateIf((_dto, value) => value !== undefined)
  @IsArray()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => DlqPositionDto)
  positions?: DlqPositionDto[];
}

export class RabbitReplayDto {
  @ApiPropertyOptional({ type: [String], description: 'Message ids to replay; omitted: all' })
  @ValidateIf((_dto, value) => value !== undefined)
  @IsArray()
  @ArrayMaxSize(10_000)
  @IsString({ each: true })
  ids?: string[];
}

/** OpenAPI schema of a Kafka dead letter (`KafkaDeadLetter` of `@bulwark/messaging`). */
export class KafkaDeadLetterView {
  @ApiProperty({ example: 0 }) partition!: number;
  @ApiProperty({ example: '42', description: 'Offset in `<topic>.dlq`, a decimal string' })
  offset!: string;
  @ApiProperty({ type: String, nullable: true }) key!: string | null;
  @ApiPropertyOptional({ description: '`x-message-id`, the inbox dedupe key' }) messageId?: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Message headers, including why it was dead-lettered',
  })
  headers!: Record<string, string>;
  @ApiProperty({ description: 'Parsed JSON, or the raw value as base64 (`payloadEncoding`)' })
  payload!: unknown;
  @ApiProperty({
    enum: ['json', 'base64'],
    description: '`base64` for a value that is not JSON or nests deeper than 32 levels',
  })
  payloadEncoding!: 'json' | 'base64';
}

/** OpenAPI schema of `KafkaReplayResult`. */
export class KafkaReplayResultView {
  @ApiProperty({ description: 'Dead letters sent back to the topic' }) replayed!: number;
  @ApiProperty({ description: 'Dead letters read but not among the requested positions' })
  skipped!: number;
}

/** OpenAPI schema of a RabbitMQ dead letter (`RabbitMqDeadLetter` of `@bulwark/messaging`). */
export class RabbitDeadLetterView {
  @ApiPropertyOptional({ description: 'AMQP message id' }) messageId?: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) headers!: Record<string, unknown>;
  @ApiProperty({ description: 'Parsed JSON, or the raw body as base64 (`payloadEncoding`)' })
  payload!: unknown;
  @ApiProperty({ enum: ['json', 'base64'] }) payloadEncoding!: 'json' | 'base64';
  @ApiProperty() redelivered!: boolean;
}

/** OpenAPI schema of the RabbitMQ `RabbitMqReplayResult`. */
export class RabbitReplayResultView {
  @ApiProperty({ description: 'Dead letters sent back to their queue' }) replayed!: number;
  @ApiProperty({ description: 'Dead letters left in `<queue>.dlq` (not selected)' }) kept!: number;
}
