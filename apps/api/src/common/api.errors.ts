import { errorFactory } from '@app/core';

/**
 * The codes the API raises itself (request framing, uploads) and those the error filter gives
 * what is not a DomainError (an HTTP status of the framework, a unique key, anything else).
 */
export const API_ERROR_CODES = [
  'MALFORMED_JSON',
  'BAD_URL',
  'JSON_TOO_DEEP',
  'JSON_TOO_MANY_KEYS',
  'INVALID_CHARACTERS',
  'UNSUPPORTED_MEDIA_TYPE',
  'BAD_REQUEST',
  'FORBIDDEN',
  'METHOD_NOT_ALLOWED',
  'NOT_ACCEPTABLE',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'URI_TOO_LONG',
  'TOO_MANY_REQUESTS',
  'SERVICE_UNAVAILABLE',
  'DUPLICATE',
  'INTERNAL_ERROR',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];
/** For the API's own throw sites: only the codes above. */
export const apiError = errorFactory<ApiErrorCode>();

export const malformedJson = () => apiError('invalid', 'MALFORMED_JSON', '请求体不是合法的 JSON');
export const badUrl = () => apiError('invalid', 'BAD_URL', '请求地址无法解码');
/** A multipart upload route called with another content type. */
export const multipartRequired = (what: string) =>
  apiError('unsupported', 'UNSUPPORTED_MEDIA_TYPE', `请以 multipart/form-data 上传${what}`);
