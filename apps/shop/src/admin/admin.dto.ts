import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, Max, Min } from 'class-validator';

export class PurgeProductsDto {
  @ApiProperty({ type: [Number], example: [1, 2, 3], description: 'Product ids to evict (1-1000)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(2_147_483_647, { each: true })
  productIds!: number[];
}

export class BloomRebuilt {
  @ApiProperty() members!: number;
}

export class Purged {
  @ApiProperty() evicted!: number;
}
