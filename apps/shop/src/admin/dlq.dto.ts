import { ApiPropertyOptional } from '@nestjs/swagger';
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
