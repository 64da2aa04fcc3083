import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { insertRows } from '@app/database';
import type { ImportRowErrorEntity } from './import-job.entity';

/** The `import_row_errors` table, raw SQL (written a thousand rows at a time). */
@Injectable()
export class ImportRowErrorsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Up to `limit` of the import's errors above id `after`, in id order. */
  page(importId: number, after: number, limit: number): Promise<ImportRowErrorEntity[]> {
    return this.db.query<ImportRowErrorEntity[]>(
      `SELECT id, row_no AS rowNo, source_key AS sourceKey, field, code, message
         FROM import_row_errors WHERE import_id = ? AND id > ? ORDER BY id LIMIT ?`,
      [importId, after, limit],
    );
  }

  async insert(rows: Omit<ImportRowErrorEntity, 'id'>[]): Promise<void> {
    await insertRows(this.db.manager, 'import_row_errors', rows);
  }

  async deleteAll(importId: number): Promise<void> {
    await this.db.query('DELETE FROM import_row_errors WHERE import_id = ?', [importId]);
  }
}
