import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { shanghaiDate } from '@app/calendar';
import { Clock } from '@app/core';
import { NotificationEntity, ReminderEntity } from './reminder.entities';

export interface AdminAlert {
  /** Shown as the notification's `clockKind` (e.g. `sign_in_failures`). */
  kind: string;
  title: string;
  body: string;
  payload?: Record<string, unknown>;
}

/**
 * Something every active administrator must hear of at once (an account under a guessing
 * attack): one reminder of no clock (stage `alert`) in the in-app inbox of each of them. Callers
 * decide how often; this writes every alert it is given.
 */
@Injectable()
export class AdminAlertsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Writes the alert to every active admin's inbox; returns how many admins got it. */
  async notifyAdmins(alert: AdminAlert): Promise<number> {
    const now = this.clock.now();
    return this.db.transaction(async (m) => {
      const admins = await m.query<{ id: number }[]>(
        "SELECT id FROM users WHERE role = 'admin' AND active = 1",
      );
      const inserted = await m.insert(ReminderEntity, {
        clockId: null,
        stage: 'alert',
        dueDate: shanghaiDate(now),
        clockKind: alert.kind,
        caseId: null,
        letterId: null,
        unitId: null,
        fireAt: now,
        recordedAt: now,
        title: alert.title.slice(0, 200),
        body: alert.body.slice(0, 1000),
        payload: JSON.stringify(alert.payload ?? {}),
      });
      const reminderId = Number(inserted.identifiers[0].id);
      if (admins.length) {
        await m.insert(
          NotificationEntity,
          admins.map((a) => ({ userId: Number(a.id), reminderId, createdAt: now, readAt: null })),
        );
      }
      return admins.length;
    });
  }
}
