import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { ErrorResponse } from '@app/core';
import { ERROR_CODES } from '../common/error-codes';
import { addAccessExtensions } from './access-extensions';

/**
 * The API's OpenAPI document, the one /api/docs shows and the console's typed client is made from,
 * with each operation's `x-public` or `x-roles`.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('信访事项办理与督办系统 API')
      .setDescription(
        'REST API of the petition case-tracking and supervision system. Every non-2xx response ' +
          'has the body { statusCode, code, message, details?, requestId }.',
      )
      .setVersion('1')
      .addBearerAuth()
      .addSecurityRequirements('bearer')
      .build(),
    { extraModels: [ErrorResponse] },
  );
  // The error body's code is one of the declared codes (apps/api/src/common/error-codes.ts).
  const errorBody = document.components?.schemas?.[ErrorResponse.name] as SchemaObject;
  (errorBody.properties!.code as SchemaObject).enum = [...ERROR_CODES];
  return addAccessExtensions(app, document);
}
