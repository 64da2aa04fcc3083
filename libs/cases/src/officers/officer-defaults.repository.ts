import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { OfficerDefaultEntity } from './officer-default.entity';

/** The `officer_defaults` table (TypeORM). */
@Injectable()
export class OfficerDefaultsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private get rows() {
    return this.db.getRepository(OfficerDefaultEntity);
  }

  all(): Promise<OfficerDefaultEntity[]> {
    return this.rows.find({ order: { scope: 'ASC' } });
  }

  findById(id: number): Promise<OfficerDefaultEntity | null> {
    return this.rows.findOneBy({ id });
  }

  byScopes(scopes: string[]): Promise<OfficerDefaultEntity[]> {
    return this.rows.findBy({ scope: In(scopes) });
  }

  async insert(row: Omit<OfficerDefaultEntity, 'id'>): Promise<number> {
    const result = await this.rows.insert(row);
    return Number(result.identifiers[0].id);
  }

  /** Compare-and-set on the version: false when someone changed the rule meanwhile. */
  async update(
    id: number,
    version: number,
    changes: Pick<OfficerDefaultEntity, 'officerId' | 'updatedBy' | 'updatedAt'>,
  ): Promise<boolean> {
    const result = await this.rows.update({ id, version }, { ...changes, version: version + 1 });
    return (result.affected ?? 0) > 0;
  }

  async delete(id: number): Promise<boolean> {
    const result = await this.rows.delete({ id });
    return (result.affected ?? 0) > 0;
  }
}
