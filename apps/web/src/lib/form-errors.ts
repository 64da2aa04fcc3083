import type { FormInstance } from 'antd';
import { fieldErrorsOf } from '../api/errors';

/**
 * Puts the API's field errors next to the fields of an antd form; true when any was placed (the
 * caller shows the rest of the error by the action).
 */
export function applyFieldErrors(
  form: FormInstance,
  error: unknown,
  knownFields?: readonly string[],
): boolean {
  const fields = fieldErrorsOf(error, knownFields);
  if (fields.length) form.setFields(fields as Parameters<FormInstance['setFields']>[0]);
  return fields.length > 0;
}
