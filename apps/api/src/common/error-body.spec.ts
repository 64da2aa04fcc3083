import {
  BadRequestException,
  HttpException,
  NotFoundException,
  ServiceUnavailableException,
} from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { DomainError } from '@app/core';
import { toErrorBody } from './error-body';

const RID = 'req-12345678';

describe('toErrorBody', () => {
  it.each([
    ['invalid', 400],
    ['unauthenticated', 401],
    ['forbidden', 403],
    ['not_found', 404],
    ['conflict', 409],
    ['too_large', 413],
    ['locked', 423],
  ] as const)('maps a %s DomainError to %i with its code, message and details', (kind, status) => {
    const { body, unexpected } = toErrorBody(
      new DomainError(kind, 'SOME_CODE', '说明', { a: 1 }),
      RID,
    );
    expect(body).toEqual({
      statusCode: status,
      code: 'SOME_CODE',
      message: '说明',
      details: { a: 1 },
      requestId: RID,
    });
    expect(unexpected).toBe(false);
  });

  it('maps Nest HTTP exceptions to stable codes without leaking their text', () => {
    expect(toErrorBody(new NotFoundException('Cannot GET /secret/path'), RID).body).toEqual({
      statusCode: 404,
      code: 'NOT_FOUND',
      message: '请求的资源不存在',
      requestId: RID,
    });
    expect(toErrorBody(new HttpException('request entity too large', 413), RID).body.code).toBe(
      'PAYLOAD_TOO_LARGE',
    );
    expect(toErrorBody(new BadRequestException('x'), RID).body.statusCode).toBe(400);
  });

  it('keeps a health check failure as 503 with its details', () => {
    const { body } = toErrorBody(new ServiceUnavailableException({ status: 'error' }), RID);
    expect(body.statusCode).toBe(503);
    expect(body.details).toEqual({ status: 'error' });
  });

  it('turns an untranslated duplicate-key error into 409, not 500', () => {
    const dup = new QueryFailedError(
      'INSERT',
      [],
      Object.assign(new Error('dup'), { code: 'ER_DUP_ENTRY' }),
    );
    expect(toErrorBody(dup, RID).body).toMatchObject({ statusCode: 409, code: 'DUPLICATE' });
  });

  it('hides unknown errors behind a generic 500 and flags them for the log', () => {
    const { body, unexpected } = toErrorBody(
      new Error('connection string mysql://root:pw@db'),
      RID,
    );
    expect(body).toEqual({
      statusCode: 500,
      code: 'INTERNAL_ERROR',
      message: expect.stringContaining('服务器内部错误'),
      requestId: RID,
    });
    expect(JSON.stringify(body)).not.toContain('mysql://');
    expect(unexpected).toBe(true);
  });

  it('treats thrown non-errors as internal errors', () => {
    expect(toErrorBody('boom', RID).body.statusCode).toBe(500);
    expect(toErrorBody(undefined, RID).body.statusCode).toBe(500);
  });
});
