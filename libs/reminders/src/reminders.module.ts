import { Module } from '@nestjs/common';
import { UsersDataModule } from '@app/auth';
import { CalendarModule } from '@app/calendar';
import { DeadlinesModule } from '@app/deadlines';
import { QueueModule } from '@app/queue';
import { AdminAlertsService } from './admin-alerts.service';
import { DeliveriesRepository } from './deliveries.repository';
import { DeliveriesService } from './deliveries.service';
import { InboxService } from './inbox.service';
import { NotificationsRepository } from './notifications.repository';
import { ReminderRulesRepository } from './reminder-rules.repository';
import { ReminderRulesService } from './reminder-rules.service';
import { ReminderSweepRepository } from './reminder-sweep.repository';
import { ReminderSweepService } from './reminder-sweep.service';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { WebhookTargetPolicy } from './webhook-targets';
import { WorkArrivalNotifier } from './work-notices/work-arrival-notifier';
import { WorkNoticesRepository } from './work-notices/work-notices.repository';

/** Reminders and escalation (DESIGN §4). The sweep and deliveries run in the worker only. */
@Module({
  imports: [CalendarModule, DeadlinesModule, QueueModule, UsersDataModule],
  providers: [
    DeliveriesRepository,
    NotificationsRepository,
    ReminderRulesRepository,
    ReminderSweepRepository,
    WebhookEndpointsRepository,
    ReminderRulesService,
    ReminderSweepService,
    DeliveriesService,
    InboxService,
    WebhookEndpointsService,
    WebhookTargetPolicy,
    AdminAlertsService,
    WorkNoticesRepository,
    WorkArrivalNotifier,
  ],
  exports: [
    ReminderRulesService,
    ReminderSweepService,
    DeliveriesService,
    InboxService,
    WebhookEndpointsService,
    WebhookTargetPolicy,
    AdminAlertsService,
    WorkArrivalNotifier,
  ],
})
export class RemindersModule {}
