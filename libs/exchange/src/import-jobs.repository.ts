import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { countUpTo, type ListTotal } from '@app/database';
import { ImportJobEntity, type ImportKind } from './import-job.entity';

/** The `import_jobs` table (TypeORM). */
@Injectable()
export class ImportJobsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Returns the new job's id. */
  async insert(row: Partial<ImportJobEntity>): Promise<number> {
    const inserted = await this.db.getRepository(ImportJobEntity).insert(row);
    return Number(inserted.identifiers[0].id);
  }

  findById(id: number): Promise<ImportJobEntity | null> {
    return this.db.getRepository(ImportJobEntity).findOneBy({ id });
  }

  /** Up to `take` jobs below id `after` (when given), newest first. */
  list(filter: { after?: number; kind?: ImportKind }, take: number): Promise<ImportJobEntity[]> {
    const qb = this.filtered(filter);
    if (filter.after) qb.andWhere('j.id < :after', { after: filter.after });
    return qb.orderBy('j.id', 'DESC').take(take).getMany();
  }

  /** The list's total: the same filter, counted up to `limit` jobs (null: all). */
  total(filter: { kind?: ImportKind }, limit: number | null): Promise<ListTotal> {
    const [sql, params] = this.filtered(filter).select('j.id').getQueryAndParameters();
    return countUpTo(this.db, sql, params, limit);
  }

  private filtered(filter: { kind?: ImportKind }) {
    const qb = this.db.getRepository(ImportJobEntity).createQueryBuilder('j');
    if (filter.kind) qb.andWhere('j.kind = :kind', { kind: filter.kind });
    return qb;
  }

  /** The latest job of `kind` that finished importing a file with this SHA-256. */
  latestDoneWithFile(kind: ImportKind, sha256: string): Promise<ImportJobEntity | null> {
    return this.db.getRepository(ImportJobEntity).findOne({
      where: { kind, status: 'done', sha256 },
      order: { id: 'DESC' },
    });
  }

  async update(id: number, set: Partial<ImportJobEntity>): Promise<void> {
    await this.db.getRepository(ImportJobEntity).update({ id }, set);
  }
}
