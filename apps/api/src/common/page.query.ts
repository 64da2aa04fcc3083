import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  getSchemaPath,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { TOTAL_MODES, type ListTotal, type TotalMode } from '@app/database';

/**
 * Keyset paging: `cursor` is the `nextCursor` of the previous page; `total` says how the page's
 * total is counted. List queries extend this.
 */
export class CursorQuery {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  cursor?: number;

  @ApiPropertyOptional({
    enum: TOTAL_MODES,
    default: 'estimate',
    description:
      '结果总数的计法：estimate（默认）精确计数至 LIST_EXACT_TOTAL_LIMIT 条，超出时返回该数并标 exact: false；' +
      'exact 全部计数；none 不计数（翻页时已有首页的总数）。' +
      'How `total` is counted: `estimate` (default) exactly up to LIST_EXACT_TOTAL_LIMIT rows, ' +
      'above it that number with `exact: false` (there are at least that many); `exact` counts ' +
      'every row; `none` skips counting (`total: null`), for a client paging on',
  })
  @IsOptional()
  @IsIn(TOTAL_MODES)
  total?: TotalMode;
}

/** A cursor and a page of at most 100 (20 when not given). */
export class SmallPageQuery extends CursorQuery {
  @ApiPropertyOptional({ default: 20, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

/** The total of a list's filter over all its pages, in every page envelope. */
export class ListTotalResponse implements ListTotal {
  @ApiProperty({
    description:
      '符合筛选条件、调用者可见的总条数（所有页之和）。Rows the filter finds for the caller, all pages',
  })
  value: number;

  @ApiProperty({
    description:
      'false：计数停在 LIST_EXACT_TOTAL_LIMIT，实际不少于 value 条（「约 N+ 条」）。' +
      'False when counting stopped at LIST_EXACT_TOTAL_LIMIT: there are at least `value` rows',
  })
  exact: boolean;
}

/** The `total` property of a page envelope (null: not asked for, or the count gave up). */
export const PAGE_TOTAL = {
  type: ListTotalResponse,
  nullable: true,
  description:
    '结果总数；total=none 时或计数超时时为 null。The filter’s total; null for `total=none` or when ' +
    'counting gave up',
} as const;

/**
 * The OpenAPI response of a page whose rows have no schema of their own yet: `items`,
 * `nextCursor` and the shared `total`.
 */
export const ApiPageResponse = (rows: string) =>
  applyDecorators(
    ApiExtraModels(ListTotalResponse),
    ApiOkResponse({
      schema: {
        type: 'object',
        required: ['items', 'nextCursor', 'total'],
        properties: {
          items: {
            type: 'array',
            description: rows,
            items: { type: 'object', additionalProperties: true },
          },
          nextCursor: {
            type: 'integer',
            nullable: true,
            description: 'Pass as cursor for the next page',
          },
          total: {
            nullable: true,
            description: PAGE_TOTAL.description,
            allOf: [{ $ref: getSchemaPath(ListTotalResponse) }],
          },
        },
      },
    }),
  );
