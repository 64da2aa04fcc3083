import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CategoryEntity } from './category.entity';

/** The `categories` table (TypeORM). */
@Injectable()
export class CategoriesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  all(): Promise<CategoryEntity[]> {
    return this.db.getRepository(CategoryEntity).find();
  }

  findByCodeOrFail(code: string): Promise<CategoryEntity> {
    return this.db.getRepository(CategoryEntity).findOneByOrFail({ code });
  }

  exists(code: string): Promise<boolean> {
    return this.db.getRepository(CategoryEntity).existsBy({ code });
  }

  async insert(row: CategoryEntity): Promise<void> {
    await this.db.getRepository(CategoryEntity).insert(row);
  }

  async update(code: string, changes: { name?: string; active?: boolean }): Promise<void> {
    await this.db.getRepository(CategoryEntity).update({ code }, changes);
  }
}
