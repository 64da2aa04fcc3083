import { ValidationPipe } from '@nestjs/common';
import { flattenValidationErrors, validationFailed } from '@app/core';

/** Unknown fields are rejected, values are converted to the DTO's types, every bad field is listed. */
export const createValidationPipe = () =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationFailed(flattenValidationErrors(errors)),
  });
