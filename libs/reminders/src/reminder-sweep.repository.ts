import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { insertRows } from '@app/database';

export interface SweepCase {
  id: number;
  case_no: string;
  title: string;
  /** The 承办人 when they can act on the case (active, a role that handles cases); else null. */
  officer_id: number | null;
  responsible_unit_id: number | null;
}

export interface SweepLetter {
  id: number;
  number: string;
  unit_id: number;
  issued_by: number;
  case_ids: string;
}

export interface RecordedReminder {
  id: number;
  clock_id: number;
  stage: string;
  due_date: string;
}

/** A pending delivery whose lease passed, with the key of its reminder. */
export interface LapsedDelivery {
  id: number;
  channel: string;
  target_id: number;
  round: number;
  reminder_id: number;
  clock_id: number | null;
  stage: string;
  due_date: string;
}

const sql = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/**
 * What the reminder sweep reads and writes besides the clocks (raw SQL): its own `reminders`,
 * `notifications` and `reminder_deliveries`, and the few columns of cases, hops, letters, units,
 * users, contacts and webhook endpoints a reminder names or goes to. Each call inside a
 * transaction takes its manager.
 */
@Injectable()
export class ReminderSweepRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A transaction (at `isolation`, or the server's default) for the calls that take `m`. */
  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T>;
  transaction<T>(isolation: 'READ COMMITTED', work: (m: EntityManager) => Promise<T>): Promise<T>;
  transaction<T>(
    ...args:
      [(m: EntityManager) => Promise<T>] | ['READ COMMITTED', (m: EntityManager) => Promise<T>]
  ): Promise<T> {
    return args.length === 1 ? this.db.transaction(args[0]) : this.db.transaction(...args);
  }

  /** The reminders recorded for these clocks (any stage and due date). */
  remindersOf(m: EntityManager, clockIds: number[]): Promise<RecordedReminder[]> {
    return m.query<RecordedReminder[]>(
      `SELECT id, clock_id, stage, DATE_FORMAT(due_date, '%Y-%m-%d') AS due_date
         FROM reminders WHERE clock_id IN (${sql(clockIds.length)})`,
      clockIds,
    );
  }

  async insertReminders(m: EntityManager, rows: Record<string, unknown>[]): Promise<void> {
    await insertRows(m, 'reminders', rows);
  }

  async insertNotifications(m: EntityManager, rows: Record<string, unknown>[]): Promise<void> {
    await insertRows(m, 'notifications', rows);
  }

  async insertDeliveries(m: EntityManager, rows: Record<string, unknown>[]): Promise<void> {
    await insertRows(m, 'reminder_deliveries', rows);
  }

  deliveriesOf(m: EntityManager, reminderIds: number[]) {
    return m.query<{ id: number; reminder_id: number; channel: string; target_id: number }[]>(
      `SELECT id, reminder_id, channel, target_id FROM reminder_deliveries
        WHERE reminder_id IN (${sql(reminderIds.length)})`,
      reminderIds,
    );
  }

  /**
   * The cases with their 承办人 only where that person can act on a reminder: an active user in a
   * role that handles cases (`handlingRoles`); an unassigned case, or one whose officer left or
   * is a receptionist, reads null.
   */
  async cases(m: EntityManager, ids: number[], handlingRoles: string[]): Promise<SweepCase[]> {
    if (!ids.length) return [];
    return m.query<SweepCase[]>(
      `SELECT c.id, c.case_no, c.title, c.responsible_unit_id,
              CASE WHEN u.active = 1 AND u.role IN (${sql(handlingRoles.length)})
                   THEN c.officer_id END AS officer_id
         FROM cases c LEFT JOIN users u ON u.id = c.officer_id
        WHERE c.id IN (${sql(ids.length)})`,
      [...handlingRoles, ...ids],
    );
  }

  async hops(m: EntityManager, ids: number[]): Promise<{ id: number; unit_id: number }[]> {
    if (!ids.length) return [];
    return m.query<{ id: number; unit_id: number }[]>(
      `SELECT id, unit_id FROM case_hops WHERE id IN (${sql(ids.length)})`,
      ids,
    );
  }

  /** Letters with the ids of their cases, comma-separated. */
  async letters(m: EntityManager, ids: number[]): Promise<SweepLetter[]> {
    if (!ids.length) return [];
    return m.query<SweepLetter[]>(
      `SELECT l.id, l.number, l.unit_id, l.issued_by,
              (SELECT GROUP_CONCAT(lc.case_id) FROM supervision_letter_cases lc
                WHERE lc.letter_id = l.id) AS case_ids
         FROM supervision_letters l WHERE l.id IN (${sql(ids.length)})`,
      ids,
    );
  }

  async units(m: EntityManager, ids: number[]): Promise<{ id: number; name: string }[]> {
    if (!ids.length) return [];
    return m.query<{ id: number; name: string }[]>(
      `SELECT id, name FROM units WHERE id IN (${sql(ids.length)})`,
      ids,
    );
  }

  /** The active unit handlers of these units. */
  async unitHandlers(m: EntityManager, unitIds: number[]) {
    if (!unitIds.length) return [];
    return m.query<{ id: number; unit_id: number }[]>(
      `SELECT id, unit_id FROM users
        WHERE role = 'unit_handler' AND active = 1 AND unit_id IN (${sql(unitIds.length)})`,
      unitIds,
    );
  }

  activeSupervisors(m: EntityManager): Promise<{ id: number }[]> {
    return m.query<{ id: number }[]>(
      `SELECT id FROM users WHERE role = 'supervisor' AND active = 1`,
    );
  }

  enabledWebhookEndpoints(m: EntityManager): Promise<{ id: number }[]> {
    return m.query<{ id: number }[]>('SELECT id FROM webhook_endpoints WHERE enabled = 1');
  }

  /** Which of these users have an e-mail address. */
  async usersWithEmail(m: EntityManager, userIds: number[]): Promise<{ user_id: number }[]> {
    if (!userIds.length) return [];
    return m.query<{ user_id: number }[]>(
      `SELECT user_id FROM user_contacts
        WHERE email IS NOT NULL AND user_id IN (${sql(userIds.length)})`,
      userIds,
    );
  }

  /** Pending deliveries whose lease passed, locked for this transaction (`SKIP LOCKED`). */
  lapsedDeliveries(m: EntityManager, now: Date, limit: number): Promise<LapsedDelivery[]> {
    return m.query<LapsedDelivery[]>(
      `SELECT d.id, d.channel, d.target_id, d.round, d.reminder_id, r.clock_id, r.stage,
              DATE_FORMAT(r.due_date, '%Y-%m-%d') AS due_date
         FROM reminder_deliveries d JOIN reminders r ON r.id = d.reminder_id
        WHERE d.status = 'pending' AND d.next_attempt_at <= ?
        ORDER BY d.next_attempt_at
        LIMIT ?
        FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
  }

  async extendLeases(m: EntityManager, ids: number[], until: Date): Promise<void> {
    await m.query(
      `UPDATE reminder_deliveries SET next_attempt_at = ? WHERE id IN (${sql(ids.length)})`,
      [until, ...ids],
    );
  }
}
