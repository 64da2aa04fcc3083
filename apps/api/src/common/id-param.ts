import { ParseIntPipe } from '@nestjs/common';
import { DomainError } from '@app/core';

/** Route ids are positive integers; anything else is a 400, not a database round-trip. */
export const IdParam = new ParseIntPipe({
  exceptionFactory: () =>
    new DomainError('invalid', 'VALIDATION_FAILED', '请求参数校验失败', [
      { field: 'id', messages: ['id must be a positive integer'] },
    ]),
});
