import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@app/core';
import { notificationNotFound } from './reminders.errors';

export interface InboxItem {
  id: number;
  reminderId: number;
  stage: string;
  clockKind: string;
  caseId: number | null;
  letterId: number | null;
  dueDate: string;
  title: string;
  body: string;
  payload: Record<string, unknown>;
  createdAt: Date;
  readAt: Date | null;
}

/** A user's in-app notifications: newest first, unread count, mark read. */
@Injectable()
export class InboxService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async list(
    userId: number,
    filter: { unread?: boolean },
    page: { limit: number; before?: number },
  ): Promise<{ items: InboxItem[]; next: number | null }> {
    const rows = await this.db.query<Record<string, unknown>[]>(
      `SELECT n.id, n.reminder_id, n.created_at, n.read_at, r.stage, r.clock_kind, r.case_id,
              r.letter_id, DATE_FORMAT(r.due_date, '%Y-%m-%d') AS due_date, r.title, r.body, r.payload
         FROM notifications n JOIN reminders r ON r.id = n.reminder_id
        WHERE n.user_id = ? AND n.id < ? ${filter.unread ? 'AND n.read_at IS NULL' : ''}
        ORDER BY n.id DESC
        LIMIT ?`,
      [userId, page.before ?? Number.MAX_SAFE_INTEGER, page.limit + 1],
    );
    const items = rows.slice(0, page.limit).map((r): InboxItem => ({
      id: Number(r.id),
      reminderId: Number(r.reminder_id),
      stage: String(r.stage),
      clockKind: String(r.clock_kind),
      caseId: r.case_id === null ? null : Number(r.case_id),
      letterId: r.letter_id === null ? null : Number(r.letter_id),
      dueDate: String(r.due_date),
      title: String(r.title),
      body: String(r.body),
      payload: JSON.parse(String(r.payload)) as Record<string, unknown>,
      createdAt: r.created_at as Date,
      readAt: (r.read_at as Date | null) ?? null,
    }));
    return { items, next: rows.length > page.limit ? items[items.length - 1].id : null };
  }

  async unreadCount(userId: number): Promise<number> {
    const [row] = await this.db.query<{ n: number | string }[]>(
      'SELECT COUNT(*) AS n FROM notifications WHERE user_id = ? AND read_at IS NULL',
      [userId],
    );
    return Number(row.n);
  }

  /** Marking read twice is harmless: the first read time stays. */
  async markRead(userId: number, id: number): Promise<void> {
    const res = await this.db.query<{ affectedRows: number }>(
      'UPDATE notifications SET read_at = COALESCE(read_at, ?) WHERE id = ? AND user_id = ?',
      [this.clock.now(), id, userId],
    );
    if (res.affectedRows !== 1) throw notificationNotFound(id);
  }

  async markAllRead(userId: number): Promise<number> {
    const res = await this.db.query<{ affectedRows: number }>(
      'UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL',
      [this.clock.now(), userId],
    );
    return res.affectedRows;
  }

  async setEmail(userId: number, email: string | null): Promise<void> {
    await this.db.query(
      `INSERT INTO user_contacts (user_id, email, updated_at) VALUES (?, ?, ?)
       ON DUPLICATE KEY UPDATE email = VALUES(email), updated_at = VALUES(updated_at)`,
      [userId, email, this.clock.now()],
    );
  }

  async email(userId: number): Promise<string | null> {
    const [row] = await this.db.query<{ email: string | null }[]>(
      'SELECT email FROM user_contacts WHERE user_id = ?',
      [userId],
    );
    return row?.email ?? null;
  }
}
