import { createHmac } from 'node:crypto';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createTransport, type Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { AppConfig, Clock } from '@app/core';
import { MicroBatch } from './micro-batch';
import { deadLetterNotFound } from './reminders.errors';
import { reminderKey } from './stages';
import { DeliveryFailed, WebhookClient } from './webhook-client';
import { WebhookTargetPolicy } from './webhook-targets';

export { DeliveryFailed } from './webhook-client';

interface DeliveryRow {
  id: number;
  status: string;
  channel: string;
  target_id: number;
  attempts: number;
  clock_id: number;
  stage: string;
  due_date: string;
  title: string;
  body: string;
  payload: string;
}

export type DeliveryOutcome = 'delivered' | 'skipped' | 'dead';

export const SIGNATURE_HEADER = 'x-petitions-signature';
export const TIMESTAMP_HEADER = 'x-petitions-timestamp';
export const DELIVERY_HEADER = 'x-petitions-delivery';

/** `sha256=<hex>` over `<timestamp>.<body>`: the receiver recomputes it with the shared secret. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Sends one outbound delivery (webhook or e-mail) of a recorded reminder. The row decides whether
 * it is still owed: a delivered or dead row is not sent again, whoever enqueued the job. HTTP
 * cannot be exactly-once (a crash after the POST and before the row is marked resends it), so
 * every request carries a stable delivery id for the receiver to drop repeats.
 */
@Injectable()
export class DeliveriesService implements OnApplicationShutdown {
  private mailer: Transporter | undefined;
  private readonly webhooks = new WebhookClient(this.targets);
  private endpoints = new Map<
    number,
    { at: number; url: string; secret: string; enabled: boolean }
  >();

  // Jobs running side by side read and mark their rows in one statement per batch.
  private readonly reads = new MicroBatch<number, DeliveryRow | undefined>(
    async (ids) => {
      const rows = await this.db.query<DeliveryRow[]>(
        `SELECT d.id, d.status, d.channel, d.target_id, d.attempts, r.clock_id, r.stage,
              DATE_FORMAT(r.due_date, '%Y-%m-%d') AS due_date, r.title, r.body, r.payload
         FROM reminder_deliveries d JOIN reminders r ON r.id = d.reminder_id
        WHERE d.id IN (${ids.map(() => '?').join(', ')})`,
        ids,
      );
      const byId = new Map(rows.map((r) => [Number(r.id), r]));
      return ids.map((id) => byId.get(id));
    },
    200,
    this.config.reminders.deliveryBatchWaitMs,
  );

  private readonly marks = new MicroBatch<number, undefined>(
    async (ids) => {
      const now = this.clock.now();
      await this.db.query(
        `UPDATE reminder_deliveries
          SET status = 'delivered', delivered_at = ?, attempts = attempts + 1, next_attempt_at = NULL,
              updated_at = ?
        WHERE id IN (${ids.map(() => '?').join(', ')}) AND status = 'pending'`,
        [now, now, ...ids],
      );
      return ids.map(() => undefined);
    },
    200,
    this.config.reminders.deliveryBatchWaitMs,
  );

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly targets: WebhookTargetPolicy,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    this.mailer?.close();
    await this.webhooks.close();
  }

  /**
   * One attempt. Throws DeliveryFailed when the attempt failed and another may follow; on the
   * last attempt the row becomes a dead letter instead.
   */
  async deliver(
    deliveryId: number,
    attempt: number,
    lastAttempt: boolean,
  ): Promise<DeliveryOutcome> {
    const row = await this.reads.call(deliveryId);
    if (!row || row.status !== 'pending') return 'skipped';
    try {
      if (row.channel === 'webhook') await this.postWebhook(row);
      else if (row.channel === 'email') await this.sendEmail(row);
      else throw new DeliveryFailed(`unknown channel ${row.channel}`);
    } catch (e) {
      const message = (e instanceof Error ? e.message : String(e)).slice(0, 500);
      const now = this.clock.now();
      // The job's own backoff retries it; the lease only covers a job lost meanwhile.
      const retryBy = new Date(
        now.getTime() +
          this.config.reminders.webhookBackoffMs * 2 ** attempt +
          this.config.reminders.deliveryLeaseMs,
      );
      await this.db.query(
        `UPDATE reminder_deliveries
            SET attempts = attempts + 1, last_error = ?, updated_at = ?,
                status = IF(?, 'dead', status), next_attempt_at = IF(?, NULL, ?)
          WHERE id = ? AND status = 'pending'`,
        [message, now, lastAttempt, lastAttempt, retryBy, deliveryId],
      );
      if (lastAttempt) return 'dead';
      throw new DeliveryFailed(message);
    }
    await this.marks.call(deliveryId);
    return 'delivered';
  }

  private async endpoint(id: number) {
    const cached = this.endpoints.get(id);
    if (cached && Date.now() - cached.at < 5_000) return cached;
    const [e] = await this.db.query<{ url: string; secret: string; enabled: number }[]>(
      'SELECT url, secret, enabled FROM webhook_endpoints WHERE id = ?',
      [id],
    );
    const value = e
      ? { at: Date.now(), url: e.url, secret: e.secret, enabled: Boolean(e.enabled) }
      : { at: Date.now(), url: '', secret: '', enabled: false };
    this.endpoints.set(id, value);
    return value;
  }

  private async postWebhook(row: DeliveryRow): Promise<void> {
    const e = await this.endpoint(row.target_id);
    if (!e.enabled) throw new DeliveryFailed('推送地址已停用或已删除');
    const body = row.payload;
    const timestamp = String(Math.floor(this.clock.now().getTime() / 1000));
    const status = await this.webhooks.post(
      e.url,
      {
        'content-type': 'application/json',
        [TIMESTAMP_HEADER]: timestamp,
        [SIGNATURE_HEADER]: signWebhook(e.secret, timestamp, body),
        [DELIVERY_HEADER]: `${reminderKey(row.clock_id, row.stage, row.due_date)}-webhook-${row.target_id}`,
      },
      body,
      this.config.reminders.webhookTimeoutMs,
    );
    if (status < 200 || status >= 300) throw new DeliveryFailed(`HTTP ${status}`);
  }

  private async sendEmail(row: DeliveryRow): Promise<void> {
    const url = this.config.reminders.smtpUrl;
    if (!url) throw new DeliveryFailed('未配置邮件服务器 (SMTP_URL)');
    const [contact] = await this.db.query<{ email: string | null }[]>(
      'SELECT email FROM user_contacts WHERE user_id = ?',
      [row.target_id],
    );
    if (!contact?.email) throw new DeliveryFailed('收件人未设置邮箱');
    this.mailer ??= createTransport(url, { from: this.config.reminders.smtpFrom });
    await this.mailer.sendMail({
      to: contact.email,
      subject: row.title,
      text: row.body,
      headers: {
        'X-Petitions-Delivery': `${reminderKey(row.clock_id, row.stage, row.due_date)}-email-${row.target_id}`,
      },
    });
  }

  // ---------------------------------------------------------------- dead letters (admin)

  async deadLetters(page: { limit: number; after?: number }) {
    return this.db.query<Record<string, unknown>[]>(
      `SELECT d.id, d.reminder_id AS reminderId, d.channel, d.target_id AS targetId, d.attempts,
              d.round, d.last_error AS lastError, d.updated_at AS failedAt, r.title, r.clock_id AS clockId,
              r.stage, DATE_FORMAT(r.due_date, '%Y-%m-%d') AS dueDate
         FROM reminder_deliveries d JOIN reminders r ON r.id = d.reminder_id
        WHERE d.status = 'dead' AND d.id > ?
        ORDER BY d.id
        LIMIT ?`,
      [page.after ?? 0, page.limit],
    );
  }

  /** Gives a dead letter a new round: the next sweep enqueues it under a new job id. */
  async retryDeadLetter(id: number): Promise<void> {
    const now = this.clock.now();
    const res = await this.db.query<{ affectedRows: number }>(
      `UPDATE reminder_deliveries
          SET status = 'pending', attempts = 0, round = round + 1, next_attempt_at = ?, updated_at = ?
        WHERE id = ? AND status = 'dead'`,
      [now, now, id],
    );
    if (res.affectedRows !== 1) throw deadLetterNotFound(id);
  }
}
