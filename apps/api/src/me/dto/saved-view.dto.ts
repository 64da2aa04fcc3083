import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsDefined,
  IsISO8601,
  IsOptional,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ListCasesQuery } from '../../cases/dto/list-cases.query';
import { IsText } from '../../common/validators';

/**
 * The case list's filters as a saved view keeps them: no paging, and no person search (an ID
 * number, phone or name would be stored in clear).
 */
export class SavedViewFilterDto extends OmitType(ListCasesQuery, [
  'limit',
  'cursor',
  'total',
  'idNumber',
  'phone',
  'name',
  'registeredFrom',
  'registeredTo',
] as const) {
  @ApiPropertyOptional({ description: 'Registered at or after (ISO time)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  registeredFrom?: string;

  @ApiPropertyOptional({ description: 'Registered before (ISO time)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  registeredTo?: string;
}

export class CreateSavedViewDto {
  @ApiProperty({ example: '本周待转送', maxLength: 50 })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsText()
  @MinLength(1)
  @MaxLength(50)
  name: string;

  @ApiProperty({ type: SavedViewFilterDto, description: 'The filters of GET /cases' })
  @IsDefined()
  @ValidateNested()
  @Type(() => SavedViewFilterDto)
  filter: SavedViewFilterDto;
}

export class SavedViewResponse {
  @ApiProperty() id: number;
  @ApiProperty() name: string;
  @ApiProperty({ type: SavedViewFilterDto }) filter: SavedViewFilterDto;
  @ApiProperty() createdAt: string;
}
