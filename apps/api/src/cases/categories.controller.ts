import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, Matches, MaxLength, MinLength } from 'class-validator';
import { Roles } from '@app/auth';
import { CategoriesService, type CategoryEntity } from '@app/cases';
import { toBoolean } from '../common/transforms';
import { IsOptionalNotNull, IsText } from '../common/validators';

export class CategoryResponse {
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty() level: number;
  @ApiPropertyOptional({ nullable: true, type: String }) parentCode: string | null;
  @ApiProperty() active: boolean;

  static from(c: CategoryEntity): CategoryResponse {
    return Object.assign(new CategoryResponse(), {
      code: c.code,
      name: c.name,
      level: c.level,
      parentCode: c.parentCode,
      active: c.active,
    });
  }
}

export class CreateCategoryDto {
  @ApiProperty({ example: '010303', description: '2, 4 or 6 digits; the parent must exist' })
  @Matches(/^(\d{2}){1,3}$/, { message: 'code must be 2, 4 or 6 digits' })
  code: string;

  @ApiProperty() @IsText() @MinLength(1) @MaxLength(100) name: string;
}

export class UpdateCategoryDto {
  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsText()
  @MinLength(1)
  @MaxLength(100)
  name?: string;
  @ApiPropertyOptional() @IsOptionalNotNull() @IsBoolean() active?: boolean;
}

export class ListCategoriesQuery {
  @ApiPropertyOptional() @IsOptional() @Transform(toBoolean) @IsBoolean() includeInactive?: boolean;
}

@ApiTags('categories 内容分类')
@Controller('categories')
export class CategoriesController {
  constructor(private readonly categories: CategoriesService) {}

  @Get()
  @ApiOkResponse({ type: [CategoryResponse] })
  async list(@Query() q: ListCategoriesQuery): Promise<CategoryResponse[]> {
    return (await this.categories.list(q.includeInactive)).map((c) => CategoryResponse.from(c));
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: '新增分类（管理员）' })
  async create(@Body() dto: CreateCategoryDto): Promise<CategoryResponse> {
    return CategoryResponse.from(await this.categories.create(dto));
  }

  @Patch(':code')
  @Roles('admin')
  @ApiOperation({ summary: '修改或停用分类（管理员）' })
  async update(
    @Param('code') code: string,
    @Body() dto: UpdateCategoryDto,
  ): Promise<CategoryResponse> {
    return CategoryResponse.from(await this.categories.update(code, dto));
  }
}
