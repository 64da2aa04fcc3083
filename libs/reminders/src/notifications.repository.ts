import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { countUpTo, type ListTotal } from '@app/database';

/** A notification as the inbox lists it, with its reminder. */
export interface NotificationRow {
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

/** A reminder of no clock (stage `alert`), written with its notifications. */
export interface AlertReminder {
  dueDate: string;
  clockKind: string;
  at: Date;
  title: string;
  body: string;
  payload: string;
}

/** The in-app inbox: `notifications` (with their `reminders`) and `user_contacts`, raw SQL. */
@Injectable()
export class NotificationsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The user's notifications below id `before`, newest first. */
  async list(
    userId: number,
    unreadOnly: boolean,
    before: number,
    limit: number,
  ): Promise<NotificationRow[]> {
    const rows = await this.db.query<Record<string, unknown>[]>(
      `SELECT n.id, n.reminder_id, n.created_at, n.read_at, r.stage, r.clock_kind, r.case_id,
              r.letter_id, DATE_FORMAT(r.due_date, '%Y-%m-%d') AS due_date, r.title, r.body, r.payload
         FROM notifications n JOIN reminders r ON r.id = n.reminder_id
        WHERE n.user_id = ? AND n.id < ? ${unreadOnly ? 'AND n.read_at IS NULL' : ''}
        ORDER BY n.id DESC
        LIMIT ?`,
      [userId, before, limit],
    );
    return rows.map((r): NotificationRow => ({
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
  }

  /** The list's total: the user's notifications (unread only, or all), counted up to `limit`. */
  total(userId: number, unreadOnly: boolean, limit: number | null): Promise<ListTotal> {
    return countUpTo(
      this.db,
      `SELECT id FROM notifications WHERE user_id = ? ${unreadOnly ? 'AND read_at IS NULL' : ''}`,
      [userId],
      limit,
    );
  }

  async unreadCount(userId: number): Promise<number> {
    const [row] = await this.db.query<{ n: number | string }[]>(
      'SELECT COUNT(*) AS n FROM notifications WHERE user_id = ? AND read_at IS NULL',
      [userId],
    );
    return Number(row.n);
  }

  /** False when the user has no such notification; the first read time stays. */
  async markRead(userId: number, id: number, at: Date): Promise<boolean> {
    const res = await this.db.query<{ affectedRows: number }>(
      'UPDATE notifications SET read_at = COALESCE(read_at, ?) WHERE id = ? AND user_id = ?',
      [at, id, userId],
    );
    return res.affectedRows === 1;
  }

  async markAllRead(userId: number, at: Date): Promise<number> {
    const res = await this.db.query<{ affectedRows: number }>(
      'UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL',
      [at, userId],
    );
    return res.affectedRows;
  }

  /** One alert reminder and a notification of it for each user, in one transaction. */
  /** Whether an admin alert of this kind was already recorded for the day `dueDate`. */
  async alertRecordedOn(clockKind: string, dueDate: string): Promise<boolean> {
    const rows = await this.db.query<unknown[]>(
      `SELECT 1 FROM reminders
        WHERE clock_id IS NULL AND stage = 'alert' AND due_date = ? AND clock_kind = ? LIMIT 1`,
      [dueDate, clockKind],
    );
    return rows.length > 0;
  }

  async insertAlert(alert: AlertReminder, userIds: number[]): Promise<void> {
    await this.db.transaction(async (m) => {
      const inserted = await m.query<{ insertId: number | string }>(
        `INSERT INTO reminders (clock_id, stage, due_date, clock_kind, case_id, letter_id, unit_id,
                                fire_at, recorded_at, title, body, payload)
         VALUES (NULL, 'alert', ?, ?, NULL, NULL, NULL, ?, ?, ?, ?, ?)`,
        [
          alert.dueDate,
          alert.clockKind,
          alert.at,
          alert.at,
          alert.title,
          alert.body,
          alert.payload,
        ],
      );
      const reminderId = Number(inserted.insertId);
      if (userIds.length === 0) return;
      await m.query(
        `INSERT INTO notifications (user_id, reminder_id, created_at, read_at)
         VALUES ${userIds.map(() => '(?, ?, ?, NULL)').join(', ')}`,
        userIds.flatMap((userId) => [userId, reminderId, alert.at]),
      );
    });
  }

  async setEmail(userId: number, email: string | null, at: Date): Promise<void> {
    await this.db.query(
      `INSERT INTO user_contacts (user_id, email, updated_at) VALUES (?, ?, ?)
       ON DUPLICATE KEY UPDATE email = VALUES(email), updated_at = VALUES(updated_at)`,
      [userId, email, at],
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
