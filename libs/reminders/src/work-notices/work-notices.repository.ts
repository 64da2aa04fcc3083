import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { insertRows } from '@app/database';

/** A notice as `reminders` stores it: no clock, stage `notice`, its kind in `clock_kind`. */
export interface NoticeRow {
  dueDate: string;
  kind: string;
  caseId: number | null;
  letterId: number | null;
  unitId: number;
  at: Date;
  title: string;
  body: string;
  payload: string;
}

/**
 * What a work notice writes inside the writer's transaction (raw SQL): its `reminders` row, the
 * handlers' `notifications`, its `reminder_deliveries`; and where it may go (enabled webhook
 * endpoints, the handlers' e-mail addresses).
 */
@Injectable()
export class WorkNoticesRepository {
  /** Inserts the notice and returns its id. */
  async insertNotice(m: EntityManager, n: NoticeRow): Promise<number> {
    const res = await m.query<{ insertId: number | string }>(
      `INSERT INTO reminders (clock_id, stage, due_date, clock_kind, case_id, letter_id, unit_id,
                              fire_at, recorded_at, title, body, payload)
       VALUES (NULL, 'notice', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [n.dueDate, n.kind, n.caseId, n.letterId, n.unitId, n.at, n.at, n.title, n.body, n.payload],
    );
    return Number(res.insertId);
  }

  async insertNotifications(m: EntityManager, rows: Record<string, unknown>[]): Promise<void> {
    if (rows.length) await insertRows(m, 'notifications', rows);
  }

  /** Inserts the deliveries and returns them with their ids. */
  async insertDeliveries(m: EntityManager, rows: Record<string, unknown>[], reminderIds: number[]) {
    if (!rows.length) return [];
    await insertRows(m, 'reminder_deliveries', rows);
    return m.query<{ id: number; reminder_id: number; channel: string; target_id: number }[]>(
      `SELECT id, reminder_id, channel, target_id FROM reminder_deliveries
        WHERE reminder_id IN (${reminderIds.map(() => '?').join(', ')})`,
      reminderIds,
    );
  }

  async enabledWebhookEndpoints(m: EntityManager): Promise<number[]> {
    const rows = await m.query<{ id: number }[]>(
      'SELECT id FROM webhook_endpoints WHERE enabled = 1 ORDER BY id',
    );
    return rows.map((r) => Number(r.id));
  }

  /** Which of these users gave an e-mail address. */
  async withEmail(m: EntityManager, userIds: number[]): Promise<Set<number>> {
    if (!userIds.length) return new Set();
    const rows = await m.query<{ user_id: number }[]>(
      `SELECT user_id FROM user_contacts
        WHERE email IS NOT NULL AND user_id IN (${userIds.map(() => '?').join(', ')})`,
      userIds,
    );
    return new Set(rows.map((r) => Number(r.user_id)));
  }
}
