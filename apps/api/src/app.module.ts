import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AuthGuardModule, AuthModule } from '@app/auth';
import {
  AppConfigModule,
  ChangeFeedModule,
  LoggingModule,
  TimeModule,
  WorkNoticesModule,
} from '@app/core';
import { DatabaseModule } from '@app/database';
import { QueueModule } from '@app/queue';
import { UnitsModule } from '@app/units';
import { CalendarModule } from '@app/calendar';
import { CasesModule } from '@app/cases';
import { ReviewsModule } from '@app/reviews';
import { SupervisionModule } from '@app/supervision';
import { NoticesModule } from '@app/notices';
import { KeyMattersModule } from '@app/key-matters';
import { LedgerWriter, MetricsModule } from '@app/metrics';
import { SelfEvaluationModule } from '@app/self-evaluation';
import { ExchangeModule } from '@app/exchange';
import { RemindersModule, WorkArrivalNotifier } from '@app/reminders';
import { NotificationsController } from './reminders/notifications.controller';
import { ReminderAdminController } from './reminders/reminder-admin.controller';
import { KeyMattersController, MissionsController } from './supervision/key-matters.controller';
import { SupervisionLettersController } from './supervision/supervision-letters.controller';
import { MetricsController } from './metrics/metrics.controller';
import { SelfEvaluationController } from './self-evaluation/self-evaluation.controller';
import { CalendarController } from './calendar/calendar.controller';
import { AttachmentsController } from './cases/attachments.controller';
import { CasesController } from './cases/cases.controller';
import { ReceiptController } from './cases/receipt.controller';
import { NoticesController } from './cases/notices.controller';
import { NoticeTemplatesController } from './cases/notice-templates.controller';
import { MeController } from './me/me.controller';
import { PetitionerLookupController } from './cases/petitioner-lookup.controller';
import { CategoriesController } from './cases/categories.controller';
import { ReviewsController } from './cases/reviews.controller';
import { AuthController } from './auth/auth.controller';
import { SignInAlertsListener } from './auth/sign-in-alerts';
import { HealthController } from './health/health.controller';
import { CalendarHealthIndicator } from './health/calendar.health';
import { RedisHealthIndicator } from './health/redis.health';
import { SystemController } from './system/system.controller';
import { UnitsController } from './units/units.controller';
import { UsersController } from './users/users.controller';
import { CaseOfficersController } from './cases/case-officers.controller';
import { OfficerDefaultsController } from './cases/officer-defaults.controller';
import { ImportsController } from './exchange/imports.controller';
import { CaseExportController } from './exchange/case-export.controller';
import { AuditController } from './audit/audit.controller';

@Module({
  imports: [
    AppConfigModule.forRoot(),
    TimeModule,
    LoggingModule,
    DatabaseModule,
    QueueModule,
    UnitsModule,
    AuthModule,
    AuthGuardModule,
    TerminusModule,
    CasesModule,
    ReviewsModule,
    CalendarModule,
    SupervisionModule,
    NoticesModule,
    KeyMattersModule,
    MetricsModule,
    // the case and letter writers keep the metric summaries in step through it
    ChangeFeedModule.forRoot({ imports: [MetricsModule], useExisting: LedgerWriter }),
    // units hear of the work handed to them (inbox, webhook, e-mail) through it
    WorkNoticesModule.forRoot({ imports: [RemindersModule], useExisting: WorkArrivalNotifier }),
    SelfEvaluationModule,
    ExchangeModule,
    RemindersModule,
  ],
  controllers: [
    CasesController,
    ReceiptController,
    NoticesController,
    NoticeTemplatesController,
    MeController,
    PetitionerLookupController,
    ReviewsController,
    SupervisionLettersController,
    KeyMattersController,
    MissionsController,
    MetricsController,
    SelfEvaluationController,
    AttachmentsController,
    CalendarController,
    CategoriesController,
    ImportsController,
    CaseExportController,
    NotificationsController,
    ReminderAdminController,

    AuthController,
    UnitsController,
    UsersController,
    CaseOfficersController,
    OfficerDefaultsController,
    AuditController,
    HealthController,
    SystemController,
  ],
  providers: [RedisHealthIndicator, CalendarHealthIndicator, SignInAlertsListener],
})
export class AppModule {}
