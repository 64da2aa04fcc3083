import { Injectable } from '@nestjs/common';
import { shanghaiDate } from '@app/calendar';
import { UsersRepository } from '@app/auth';
import { Clock } from '@app/core';
import { NotificationsRepository } from './notifications.repository';

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
    private readonly users: UsersRepository,
    private readonly notifications: NotificationsRepository,
    private readonly clock: Clock,
  ) {}

  /** Writes the alert to every active admin's inbox; returns how many admins got it. */
  async notifyAdmins(alert: AdminAlert): Promise<number> {
    const now = this.clock.now();
    const admins = await this.users.activeAdminIds();
    await this.notifications.insertAlert(
      {
        dueDate: shanghaiDate(now),
        clockKind: alert.kind,
        at: now,
        title: alert.title.slice(0, 200),
        body: alert.body.slice(0, 1000),
        payload: JSON.stringify(alert.payload ?? {}),
      },
      admins,
    );
    return admins.length;
  }

  /** As notifyAdmins, unless an alert of the same kind was already written today (Shanghai). */
  async notifyAdminsOncePerDay(alert: AdminAlert): Promise<number> {
    const today = shanghaiDate(this.clock.now());
    if (await this.notifications.alertRecordedOn(alert.kind, today)) return 0;
    return this.notifyAdmins(alert);
  }
}
