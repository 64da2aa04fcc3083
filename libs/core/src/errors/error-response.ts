import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The one body of every non-2xx response. */
export class ErrorResponse {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Stable machine-readable code' })
  code: string;

  @ApiProperty({ example: '请求参数校验失败' })
  message: string;

  @ApiPropertyOptional({ description: 'For validation errors: one entry per bad field' })
  details?: unknown;

  @ApiProperty({ example: '6f1c1c9e-3d1e-4b8e-9d6e-0c0f2b1d9a11' })
  requestId: string;
}

export interface FieldError {
  field: string;
  /** The failed rules (`isString`, `maxLength` …) for programs; `messages` say them in Chinese. */
  codes?: string[];
  messages: string[];
}
