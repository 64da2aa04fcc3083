import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { shanghaiDate } from '@app/calendar';
import { UsersRepository } from '@app/auth';
import { AppConfig, Clock, WorkNotices, type WorkNotice } from '@app/core';
import { afterCommit } from '@app/database';
import {
  deliveryJobId,
  pendingDelivery,
  ReminderSweepService,
  type NewDelivery,
} from '../reminder-sweep.service';
import { composeWorkNotice, WORK_NOTICE_LABELS } from './work-notice-text';
import { WorkNoticesRepository } from './work-notices.repository';

/**
 * Work arrived at a unit (DESIGN §4): a notice of no clock (stage `notice`, its kind as the
 * reminder's `clock_kind`) in the inbox of every active handler of the unit, and an outbound
 * delivery to each enabled webhook endpoint and, where SMTP is configured, to each handler who
 * gave an e-mail address. All of it is written in the writer's transaction; the deliveries are
 * queued once that transaction commits (a lost job is found again by its pending row).
 */
@Injectable()
export class WorkArrivalNotifier extends WorkNotices {
  constructor(
    private readonly data: WorkNoticesRepository,
    private readonly users: UsersRepository,
    private readonly sweep: ReminderSweepService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    super();
  }

  async arrived(m: EntityManager, notices: WorkNotice[]): Promise<void> {
    if (!notices.length) return;
    const now = this.clock.now();
    const leaseUntil = new Date(now.getTime() + this.config.reminders.deliveryLeaseMs);
    const endpoints = await this.data.enabledWebhookEndpoints(m);
    const handlersOf = new Map<number, number[]>();
    const inbox: Record<string, unknown>[] = [];
    const outbound: Record<string, unknown>[] = [];
    const noticeIds: number[] = [];
    for (const n of notices) {
      let handlers = handlersOf.get(n.unitId);
      if (!handlers) {
        // Inside the transaction: a second connection per writer would drain the pool.
        handlers = await this.users.activeUnitHandlerIds(n.unitId, m);
        handlersOf.set(n.unitId, handlers);
      }
      const { title, body } = composeWorkNotice(n);
      const id = await this.data.insertNotice(m, {
        dueDate: n.dueDate ?? shanghaiDate(now),
        kind: n.kind,
        caseId: n.case?.id ?? null,
        letterId: n.letter?.id ?? null,
        unitId: n.unitId,
        at: now,
        title: title.slice(0, 200),
        body: body.slice(0, 1000),
        payload: JSON.stringify(payloadOf(n, title, body, handlers)),
      });
      noticeIds.push(id);
      for (const userId of handlers)
        inbox.push({ userId, reminderId: id, createdAt: now, readAt: null });
      const targets: [string, number][] = endpoints.map((e) => ['webhook', e]);
      if (this.config.reminders.smtpUrl) {
        for (const u of await this.data.withEmail(m, handlers)) targets.push(['email', u]);
      }
      for (const [channel, targetId] of targets) {
        outbound.push(pendingDelivery(id, channel, targetId, leaseUntil, now));
      }
    }
    await this.data.insertNotifications(m, inbox);
    const made = await this.data.insertDeliveries(m, outbound, noticeIds);
    if (!made.length) return;
    const jobs: NewDelivery[] = made.map((d) => ({
      id: Number(d.id),
      jobId: deliveryJobId(`notice-${Number(d.reminder_id)}`, d.channel, Number(d.target_id), 0),
    }));
    await afterCommit(m, async () => {
      await this.sweep.enqueue(jobs);
    });
  }
}

/**
 * What the webhook receives, in the reminders' shape (`case`, `letter`, `unit`) with the notice's
 * kind. A confidential accusation's title, and the number of the review case of it, stay out.
 */
function payloadOf(n: WorkNotice, title: string, body: string, recipients: number[]) {
  const secret = n.case?.confidentialAccuser === true;
  const details = { ...(n.details ?? {}) };
  if (secret) delete details.reviewCaseNo;
  return {
    stage: 'notice',
    kind: n.kind,
    kindLabel: WORK_NOTICE_LABELS[n.kind],
    title,
    body,
    dueDate: n.dueDate ?? null,
    case: n.case
      ? { id: n.case.id, caseNo: n.case.caseNo, title: secret ? null : n.case.title }
      : null,
    letter: n.letter
      ? { id: n.letter.id, number: n.letter.number, caseIds: n.letter.caseIds }
      : null,
    unit: { id: n.unitId, name: n.unitName ?? null },
    details,
    recipients,
  };
}
