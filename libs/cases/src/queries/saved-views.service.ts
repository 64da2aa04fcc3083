import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@app/auth';
import { Clock } from '@app/core';
import { isUniqueViolation } from '@app/database';
import type { SavedViewEntity, SavedViewFilter } from './saved-view.entity';
import { SavedViewsRepository } from './saved-views.repository';
import { savedViewNameTaken, savedViewNotFound, savedViewsFull } from '../cases.errors';

/** Enough for every list a desk uses; more is a sign of views never cleaned up. */
export const SAVED_VIEWS_PER_USER = 30;

@Injectable()
export class SavedViewsService {
  constructor(
    private readonly views: SavedViewsRepository,
    private readonly clock: Clock,
  ) {}

  list(actor: AuthUser): Promise<SavedViewEntity[]> {
    return this.views.listOf(actor.id);
  }

  async create(name: string, filter: SavedViewFilter, actor: AuthUser): Promise<SavedViewEntity> {
    if ((await this.views.countOf(actor.id)) >= SAVED_VIEWS_PER_USER) {
      throw savedViewsFull(SAVED_VIEWS_PER_USER);
    }
    try {
      return await this.views.insert({
        userId: actor.id,
        name,
        filter,
        createdAt: this.clock.now(),
      });
    } catch (e) {
      if (isUniqueViolation(e, 'uq_saved_views_user_name')) {
        throw savedViewNameTaken(name);
      }
      throw e;
    }
  }

  /** Only the owner's own view; someone else's is as absent as a missing one. */
  async remove(id: number, actor: AuthUser): Promise<void> {
    if (!(await this.views.remove(id, actor.id))) {
      throw savedViewNotFound(id);
    }
  }
}
