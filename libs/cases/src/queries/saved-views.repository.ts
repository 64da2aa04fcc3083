import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SavedViewEntity } from './saved-view.entity';

/** The `saved_views` table (TypeORM). */
@Injectable()
export class SavedViewsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The user's views by name. */
  listOf(userId: number): Promise<SavedViewEntity[]> {
    return this.db
      .getRepository(SavedViewEntity)
      .find({ where: { userId }, order: { name: 'ASC' } });
  }

  countOf(userId: number): Promise<number> {
    return this.db.getRepository(SavedViewEntity).countBy({ userId });
  }

  /** The inserted row, with its id. */
  async insert(row: Omit<SavedViewEntity, 'id'>): Promise<SavedViewEntity> {
    const repo = this.db.getRepository(SavedViewEntity);
    const view = repo.create(row);
    await repo.insert(view);
    return view;
  }

  /** False when the user has no view of that id. */
  async remove(id: number, userId: number): Promise<boolean> {
    const res = await this.db.getRepository(SavedViewEntity).delete({ id, userId });
    return !!res.affected;
  }
}
