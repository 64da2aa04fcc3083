import { Injectable } from '@nestjs/common';
import { isUniqueViolation } from '@app/database';
import { CategoriesRepository } from './categories.repository';
import type { CategoryEntity } from './category.entity';
import {
  categoryCodeTaken,
  categoryNotFound,
  categoryNotLeaf,
  categoryParentMissing,
  invalidCase,
  unknownCategory,
} from '../cases.errors';

const CACHE_MS = 10_000;

/** The maintained three-level content category table, cached briefly for registration. */
@Injectable()
export class CategoriesService {
  private cache: { at: number; byCode: Map<string, CategoryEntity> } | null = null;

  constructor(private readonly categories: CategoriesRepository) {}

  async list(includeInactive = false): Promise<CategoryEntity[]> {
    const all = [...(await this.byCode(true)).values()];
    return all
      .filter((c) => includeInactive || c.active)
      .sort((a, b) => a.code.localeCompare(b.code));
  }

  /** Cases are filed under an active third-level category. */
  async assertLeaf(code: string): Promise<CategoryEntity> {
    const category = (await this.byCode()).get(code);
    if (!category || !category.active) throw unknownCategory(code);
    if (category.level !== 3) throw categoryNotLeaf(code);
    return category;
  }

  async create(input: { code: string; name: string }): Promise<CategoryEntity> {
    const level = input.code.length / 2;
    const parentCode = level > 1 ? input.code.slice(0, -2) : null;
    if (parentCode && !(await this.byCode(true)).get(parentCode)) {
      throw categoryParentMissing(parentCode);
    }
    try {
      await this.categories.insert({ ...input, level, parentCode, active: true });
    } catch (e) {
      if (isUniqueViolation(e)) {
        throw categoryCodeTaken(input.code);
      }
      throw e;
    }
    this.cache = null;
    return this.categories.findByCodeOrFail(input.code);
  }

  async update(code: string, input: { name?: string; active?: boolean }): Promise<CategoryEntity> {
    if (input.name === undefined && input.active === undefined) {
      throw invalidCase('NOTHING_TO_CHANGE', '没有要修改的内容');
    }
    if (!(await this.categories.exists(code))) {
      throw categoryNotFound(code);
    }
    await this.categories.update(code, input);
    this.cache = null;
    return this.categories.findByCodeOrFail(code);
  }

  private async byCode(fresh = false): Promise<Map<string, CategoryEntity>> {
    if (!fresh && this.cache && Date.now() - this.cache.at < CACHE_MS) return this.cache.byCode;
    const rows = await this.categories.all();
    this.cache = { at: Date.now(), byCode: new Map(rows.map((r) => [r.code, r])) };
    return this.cache.byCode;
  }
}
