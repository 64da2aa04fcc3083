import { DomainError } from '@app/core';

export const importNotFound = (id: number) =>
  new DomainError('not_found', 'IMPORT_NOT_FOUND', `导入任务 ${id} 不存在`);

export const importFileRefused = (message: string) =>
  new DomainError('unsupported', 'IMPORT_FILE_REFUSED', message, { field: 'file' });

export const importFileUnpackedTooLarge = (message: string) =>
  new DomainError('too_large', 'IMPORT_FILE_UNPACKED_TOO_LARGE', message, { field: 'file' });

export const importFileTooLarge = (maxBytes: number) =>
  new DomainError(
    'too_large',
    'IMPORT_FILE_TOO_LARGE',
    `导入文件不得超过 ${Math.floor(maxBytes / 1024 / 1024)} MB`,
    { field: 'file', maxBytes },
  );

export const importFileEmpty = () =>
  new DomainError('invalid', 'IMPORT_FILE_EMPTY', '未收到导入文件（字段 file）或文件为空', {
    field: 'file',
  });

export const exportPersonalDataForbidden = () =>
  new DomainError(
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
