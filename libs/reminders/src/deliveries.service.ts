import { createHmac } from 'node:crypto';
import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { AppConfig, Clock } from '@app/core';
import { totalFor, type TotalMode } from '@app/database';
import { DeliveriesRepository, type DeliveryRow } from './deliveries.repository';
import { MicroBatch } from './micro-batch';
import { NotificationsRepository } from './notifications.repository';
import { deadLetterNotFound } from './reminders.errors';
import { recordedKey } from './stages';
import { DeliveryFailed, WebhookClient } from './webhook-client';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';
import { WebhookTargetPolicy } from './webhook-targets';

export { DeliveryFailed } from './webhook-client';

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
      const rows = await this.deliveries.read(ids);
      const byId = new Map(rows.map((r) => [Number(r.id), r]));
      return ids.map((id) => byId.get(id));
    },
    200,
    this.config.reminders.deliveryBatchWaitMs,
  );

  private readonly marks = new MicroBatch<number, undefined>(
    async (ids) => {
      await this.deliveries.markDelivered(ids, this.clock.now());
      return ids.map(() => undefined);
    },
    200,
    this.config.reminders.deliveryBatchWaitMs,
  );

  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly webhookEndpoints: WebhookEndpointsRepository,
    private readonly notifications: NotificationsRepository,
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
      await this.deliveries.recordFailure(deliveryId, { message, at: now, lastAttempt, retryBy });
      if (lastAttempt) return 'dead';
      throw new DeliveryFailed(message);
    }
    await this.marks.call(deliveryId);
    return 'delivered';
  }

  private async endpoint(id: number) {
    const cached = this.endpoints.get(id);
    if (cached && Date.now() - cached.at < 5_000) return cached;
    const e = await this.webhookEndpoints.target(id);
    const value = e
      ? { at: Date.now(), url: e.url, secret: e.secret, enabled: e.enabled }
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
        [DELIVERY_HEADER]: `${recordedKey(row)}-webhook-${row.target_id}`,
      },
      body,
      this.config.reminders.webhookTimeoutMs,
    );
    if (status < 200 || status >= 300) throw new DeliveryFailed(`HTTP ${status}`);
  }

  private async sendEmail(row: DeliveryRow): Promise<void> {
    const url = this.config.reminders.smtpUrl;
    if (!url) throw new DeliveryFailed('未配置邮件服务器 (SMTP_URL)');
    const email = await this.notifications.email(row.target_id);
    if (!email) throw new DeliveryFailed('收件人未设置邮箱');
    this.mailer ??= createTransport(url, { from: this.config.reminders.smtpFrom });
    await this.mailer.sendMail({
      to: email,
      subject: row.title,
      text: row.body,
      headers: {
        'X-Petitions-Delivery': `${recordedKey(row)}-email-${row.target_id}`,
      },
    });
  }

  // ---------------------------------------------------------------- dead letters (admin)

  /** Oldest first; `next` is the cursor of the following page. */
  async deadLetters(page: { limit: number; after?: number; total?: TotalMode }) {
    const [items, total] = await Promise.all([
      this.deliveries.deadLetters(page.after ?? 0, page.limit + 1),
      totalFor(page.total ?? 'none', this.config.lists.exactTotalLimit, (limit) =>
        this.deliveries.deadLetterTotal(limit),
      ),
    ]);
    const shown = items.slice(0, page.limit);
    return {
      items: shown,
      next: items.length > page.limit ? Number(shown.at(-1)!.id) : null,
      total,
    };
  }

  /** Gives a dead letter a new round: the next sweep enqueues it under a new job id. */
  async retryDeadLetter(id: number): Promise<void> {
    if (!(await this.deliveries.retryDeadLetter(id, this.clock.now()))) {
      throw deadLetterNotFound(id);
    }
  }
}
