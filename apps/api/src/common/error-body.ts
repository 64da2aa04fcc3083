import { HttpException, HttpStatus } from '@nestjs/common';
import { DomainError, ERROR_KIND_STATUS, type ErrorResponse } from '@app/core';
import { isUniqueViolation } from '@app/database';
import type { ErrorCode } from './error-codes';

const STATUS_CODES: Record<number, { code: ErrorCode; message: string }> = {
  400: { code: 'BAD_REQUEST', message: '请求无效' },
  401: { code: 'AUTH_REQUIRED', message: '需要登录' },
  403: { code: 'FORBIDDEN', message: '无权执行此操作' },
  404: { code: 'NOT_FOUND', message: '请求的资源不存在' },
  405: { code: 'METHOD_NOT_ALLOWED', message: '不支持的请求方法' },
  406: { code: 'NOT_ACCEPTABLE', message: '无法提供请求的格式' },
  409: { code: 'CONFLICT', message: '请求与当前状态冲突' },
  413: { code: 'PAYLOAD_TOO_LARGE', message: '请求体过大' },
  414: { code: 'URI_TOO_LONG', message: '请求地址过长' },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', message: '不支持的内容类型' },
  429: { code: 'TOO_MANY_REQUESTS', message: '请求过于频繁' },
};

export interface ErrorOutcome {
  body: ErrorResponse;
  /** Unexpected: log it with the stack. Expected (4xx) errors are not noise in the logs. */
  unexpected: boolean;
}

/** The one mapping from anything thrown to the one error body. */
export function toErrorBody(error: unknown, requestId: string): ErrorOutcome {
  if (error instanceof DomainError) {
    const statusCode = ERROR_KIND_STATUS[error.kind];
    return {
      body: {
        statusCode,
        code: error.code,
        message: error.message,
        details: error.details,
        requestId,
      },
      unexpected: false,
    };
  }
  if (error instanceof HttpException) {
    const statusCode = error.getStatus();
    if (statusCode === 503) {
      return {
        body: {
          statusCode,
          code: 'SERVICE_UNAVAILABLE' satisfies ErrorCode,
          message: '服务暂不可用',
          details: error.getResponse(),
          requestId,
        },
        unexpected: false,
      };
    }
    const known = STATUS_CODES[statusCode];
    if (statusCode >= 500 || !known) return internal(requestId, statusCode >= 500);
    return {
      body: { statusCode, code: known.code, message: known.message, requestId },
      unexpected: false,
    };
  }
  if (isUniqueViolation(error)) {
    // A race the service did not translate: still a conflict, never a 500.
    return {
      body: {
        statusCode: HttpStatus.CONFLICT,
        code: 'DUPLICATE' satisfies ErrorCode,
        message: '记录已存在',
        requestId,
      },
      unexpected: false,
    };
  }
  const status = (error as { statusCode?: unknown })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500 && STATUS_CODES[status]) {
    return { body: { statusCode: status, ...STATUS_CODES[status], requestId }, unexpected: false };
  }
  return internal(requestId, true);
}

const internal = (requestId: string, unexpected: boolean): ErrorOutcome => ({
  body: {
    statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
    code: 'INTERNAL_ERROR' satisfies ErrorCode,
    message: '服务器内部错误，请稍后重试或联系管理员（请提供请求编号）',
    requestId,
  },
  unexpected,
});
