import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { compareAndSet } from '@app/database';
import { UnitEntity, type UnitKind } from './unit.entity';

/** The `units` table (TypeORM). */
@Injectable()
export class UnitsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  list(filter: { kind?: UnitKind; active?: boolean }): Promise<UnitEntity[]> {
    return this.db.getRepository(UnitEntity).find({
      where: { kind: filter.kind, active: filter.active },
      order: { kind: 'ASC', code: 'ASC' },
    });
  }

  findById(id: number): Promise<UnitEntity | null> {
    return this.db.getRepository(UnitEntity).findOneBy({ id });
  }

  insert(row: Omit<UnitEntity, 'id'>): Promise<UnitEntity> {
    const repo = this.db.getRepository(UnitEntity);
    return repo.save(repo.create(row));
  }

  /** False when the version is stale or the unit is gone. */
  update(id: number, version: number, changes: Partial<UnitEntity>): Promise<boolean> {
    return compareAndSet(this.db.manager, UnitEntity, id, version, changes);
  }
}
