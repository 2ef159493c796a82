import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  IsInt,
  IsOptional,
  NotEquals,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  NotContains,
} from 'class-validator';

const MAX_INT = 2_147_483_647;

export class CreateProductDto {
  @ApiProperty({ example: 'SKU-000042', description: 'Unique stock-keeping unit' })
  @IsString()
  @Length(1, 64)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, { message: 'sku may hold letters, digits, . _ -' })
  sku!: string;

  @ApiProperty({ example: 'Flash-sale kettle' })
  @IsString()
  @Length(1, 200)
  // Postgres text cannot hold NUL: without this check such a name is a 500 at INSERT/UPDATE.
  @NotContains('\u0000', { message: 'name must not contain NUL characters' })
  name!: string;

  @ApiProperty({ example: 1999, minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(MAX_INT)
  priceCents!: number;

  @ApiProperty({ example: 100, minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(MAX_INT)
  stock!: number;
}

// skipNullProperties: false: an omitted field is optional, a null one is invalid (with the default
// IsOptional a null name passed validation and hit the NOT NULL column: a 500).
export class UpdateProductDto extends PartialType(CreateProductDto, { skipNullProperties: false }) {
  @ApiPropertyOptional({
    description: 'Optimistic concurrency: the version you read; 409 if the product changed since',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

/**
 * A relative stock change: how admins restock (or withdraw units) during a sale. An absolute
 * `PUT {stock}` would overwrite what orders took since it was read, and `PUT` with `version`
 * loses every race on a hot product (each order batch bumps the version).
 */
export class AdjustStockDto {
  @ApiProperty({ example: 500, description: 'Units to add (negative: to withdraw); not 0' })
  @IsInt()
  @NotEquals(0)
  @Min(-MAX_INT)
  @Max(MAX_INT)
  delta!: number;
}

export class ProductView {
  @ApiProperty() id!: number;
  @ApiProperty() sku!: string;
  @ApiProperty() name!: string;
  @ApiProperty() priceCents!: number;
  @ApiProperty() stock!: number;
  @ApiProperty() version!: number;
  @ApiProperty() updatedAt!: string;
}
