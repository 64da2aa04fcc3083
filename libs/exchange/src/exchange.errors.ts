import { errorFactory } from '@app/core';

/** Every code this lib raises: a new one is declared here, once. */
export const EXCHANGE_ERROR_CODES = [
  'IMPORT_NOT_FOUND',
  'IMPORT_FILE_REFUSED',
  'IMPORT_FILE_UNPACKED_TOO_LARGE',
  'IMPORT_FILE_TOO_LARGE',
  'IMPORT_FILE_EMPTY',
  'EXPORT_FULL_PII_FORBIDDEN',
] as const;
export type ExchangeErrorCode = (typeof EXCHANGE_ERROR_CODES)[number];
const exchangeError = errorFactory<ExchangeErrorCode>();

export const importNotFound = (id: number) =>
  exchangeError('not_found', 'IMPORT_NOT_FOUND', `导入任务 ${id} 不存在`);

export const importFileRefused = (message: string) =>
  exchangeError('unsupported', 'IMPORT_FILE_REFUSED', message, { field: 'file' });

export const importFileUnpackedTooLarge = (message: string) =>
  exchangeError('too_large', 'IMPORT_FILE_UNPACKED_TOO_LARGE', message, { field: 'file' });

export const importFileTooLarge = (maxBytes: number) =>
  exchangeError(
    'too_large',
    'IMPORT_FILE_TOO_LARGE',
    `导入文件不得超过 ${Math.floor(maxBytes / 1024 / 1024)} MB`,
    { field: 'file', maxBytes },
  );

export const importFileEmpty = () =>
  exchangeError('invalid', 'IMPORT_FILE_EMPTY', '未收到导入文件（字段 file）或文件为空', {
    field: 'file',
  });

export const exportPersonalDataForbidden = () =>
  exchangeError(
    'forbidden',
    'EXPORT_FULL_PII_FORBIDDEN',
    '当前角色不能导出完整个人信息，请导出脱敏数据',
  );

/** A file the worker cannot import at all (not a problem of single rows): no retry helps. */
export class ImportFileUnreadable extends Error {
  constructor(readonly userMessage: string) {
    super(userMessage);
  }
}
