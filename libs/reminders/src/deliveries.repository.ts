import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { countUpTo, type ListTotal } from '@app/database';

/** One outbound delivery with the reminder it carries, as a send needs it. */
export interface DeliveryRow {
  id: number;
  status: string;
  channel: string;
  target_id: number;
  attempts: number;
  reminder_id: number;
  /** NULL for a notice (work arrived), which belongs to no clock. */
  clock_id: number | null;
  stage: string;
  due_date: string;
  title: string;
  body: string;
  payload: string;
}

/** What a failed attempt writes on its row. */
export interface DeliveryFailure {
  message: string;
  at: Date;
  lastAttempt: boolean;
  retryBy: Date;
}

/** The sends of `reminder_deliveries` (with their `reminders`) and their dead letters, raw SQL. */
@Injectable()
export class DeliveriesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  read(ids: number[]): Promise<DeliveryRow[]> {
    return this.db.query<DeliveryRow[]>(
      `SELECT d.id, d.status, d.channel, d.target_id, d.attempts, d.reminder_id, r.clock_id, r.stage,
              DATE_FORMAT(r.due_date, '%Y-%m-%d') AS due_date, r.title, r.body, r.payload
         FROM reminder_deliveries d JOIN reminders r ON r.id = d.reminder_id
        WHERE d.id IN (${ids.map(() => '?').join(', ')})`,
      ids,
    );
  }

  /** Marks the pending ones of the rows delivered. */
  async markDelivered(ids: number[], at: Date): Promise<void> {
    await this.db.query(
      `UPDATE reminder_deliveries
          SET status = 'delivered', delivered_at = ?, attempts = attempts + 1, next_attempt_at = NULL,
              updated_at = ?
        WHERE id IN (${ids.map(() => '?').join(', ')}) AND status = 'pending'`,
      [at, at, ...ids],
    );
  }

  /** Counts the attempt on a pending row; on the last attempt the row becomes a dead letter. */
  async recordFailure(id: number, failure: DeliveryFailure): Promise<void> {
    const { message, at, lastAttempt, retryBy } = failure;
    await this.db.query(
      `UPDATE reminder_deliveries
          SET attempts = attempts + 1, last_error = ?, updated_at = ?,
              status = IF(?, 'dead', status), next_attempt_at = IF(?, NULL, ?)
        WHERE id = ? AND status = 'pending'`,
      [message, at, lastAttempt, lastAttempt, retryBy, id],
    );
  }

  deadLetters(after: number, limit: number): Promise<Record<string, unknown>[]> {
    return this.db.query<Record<string, unknown>[]>(
      `SELECT d.id, d.reminder_id AS reminderId, d.channel, d.target_id AS targetId, d.attempts,
              d.round, d.last_error AS lastError, d.updated_at AS failedAt, r.title, r.clock_id AS clockId,
              r.stage, DATE_FORMAT(r.due_date, '%Y-%m-%d') AS dueDate
         FROM reminder_deliveries d JOIN reminders r ON r.id = d.reminder_id
        WHERE d.status = 'dead' AND d.id > ?
        ORDER BY d.id
        LIMIT ?`,
      [after, limit],
    );
  }

  /** How many deliveries are dead, counted up to `limit` (null: all). */
  deadLetterTotal(limit: number | null): Promise<ListTotal> {
    return countUpTo(
      this.db,
      "SELECT id FROM reminder_deliveries WHERE status = 'dead'",
      [],
      limit,
    );
  }

  /** False when there is no such dead letter. */
  async retryDeadLetter(id: number, at: Date): Promise<boolean> {
    const res = await this.db.query<{ affectedRows: number }>(
      `UPDATE reminder_deliveries
          SET status = 'pending', attempts = 0, round = round + 1, next_attempt_at = ?, updated_at = ?
        WHERE id = ? AND status = 'dead'`,
      [at, at, id],
    );
    return res.affectedRows === 1;
  }
}
