import { Injectable } from '@nestjs/common';
import { AppConfig, Clock } from '@app/core';
import { totalFor, type ListTotal, type TotalMode } from '@app/database';
import { NotificationsRepository, type NotificationRow } from './notifications.repository';
import { notificationNotFound } from './reminders.errors';

export type InboxItem = NotificationRow;

/** A user's in-app notifications: newest first, unread count, mark read. */
@Injectable()
export class InboxService {
  constructor(
    private readonly notifications: NotificationsRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async list(
    userId: number,
    filter: { unread?: boolean },
    page: { limit: number; before?: number; total?: TotalMode },
  ): Promise<{ items: InboxItem[]; next: number | null; total: ListTotal | null }> {
    const unreadOnly = filter.unread === true;
    const [rows, total] = await Promise.all([
      this.notifications.list(
        userId,
        unreadOnly,
        page.before ?? Number.MAX_SAFE_INTEGER,
        page.limit + 1,
      ),
      totalFor(page.total ?? 'none', this.config.lists.exactTotalLimit, (limit) =>
        this.notifications.total(userId, unreadOnly, limit),
      ),
    ]);
    const items = rows.slice(0, page.limit);
    return { items, next: rows.length > page.limit ? items[items.length - 1].id : null, total };
  }

  unreadCount(userId: number): Promise<number> {
    return this.notifications.unreadCount(userId);
  }

  /** Marking read twice is harmless: the first read time stays. */
  async markRead(userId: number, id: number): Promise<void> {
    if (!(await this.notifications.markRead(userId, id, this.clock.now()))) {
      throw notificationNotFound(id);
    }
  }

  markAllRead(userId: number): Promise<number> {
    return this.notifications.markAllRead(userId, this.clock.now());
  }

  setEmail(userId: number, email: string | null): Promise<void> {
    return this.notifications.setEmail(userId, email, this.clock.now());
  }

  email(userId: number): Promise<string | null> {
    return this.notifications.email(userId);
  }
}
