import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { flattenValidationErrors, validationFailed } from '@app/core';

/**
 * Path parameters reach their own pipe (IdParam, YearParam) as the text that was sent: the stock
 * pipe would first turn `0x10` into 16, `1e3` into 1000 and `%201` into 1, and the id pipe
 * could no longer tell a canonical id from another spelling of it.
 */
class ApiValidationPipe extends ValidationPipe {
  protected override transformPrimitive(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'param') return value;
    return super.transformPrimitive(value, metadata) as unknown;
  }
}

/** Unknown fields are rejected, values are converted to the DTO's types, every bad field is listed. */
export const createValidationPipe = () =>
  new ApiValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    // the target lets the messages read a rule's limits (maxLength 200); it is never sent
    validationError: { target: true, value: false },
    exceptionFactory: (errors) => validationFailed(flattenValidationErrors(errors)),
  });
