import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** Stage settings per clock kind (DESIGN §4), editable by administrators. */
@Entity('reminder_rules')
export class ReminderRuleEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  clockKind: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  stage: string;

  @Column({ type: 'boolean' })
  enabled: boolean;

  @Column({ type: 'smallint' })
  offsetDays: number;

  @Column({ type: 'varchar', length: 20 })
  offsetUnit: string;

  /** Comma-separated recipient groups. */
  @Column({ type: 'varchar', length: 100 })
  recipients: string;

  /** Comma-separated outbound channels. */
  @Column({ type: 'varchar', length: 50 })
  channels: string;

  @Column({ type: 'int', unsigned: true })
  version: number;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;

  @Column({ type: 'int', unsigned: true, nullable: true })
  updatedBy: number | null;
}

/** One reminder stage of one clock for one due date: the record that it was sent, at most once. */
@Entity('reminders')
@Index('uq_reminders_key', ['clockId', 'stage', 'dueDate'], { unique: true })
@Index('ix_reminders_case', ['caseId', 'id'])
@Index('ix_reminders_recorded', ['recordedAt'])
export class ReminderEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: number;

  /** NULL for an alert to the admins that belongs to no clock (see AdminAlertsService). */
  @Column({ type: 'bigint', unsigned: true, nullable: true })
  clockId: number | null;

  @Column({ type: 'varchar', length: 20 })
  stage: string;

  @Column({ type: 'date' })
  dueDate: string;

  @Column({ type: 'varchar', length: 40 })
  clockKind: string;

  @Column({ type: 'bigint', unsigned: true, nullable: true })
  caseId: number | null;

  @Column({ type: 'bigint', unsigned: true, nullable: true })
  letterId: number | null;

  @Column({ type: 'int', unsigned: true, nullable: true })
  unitId: number | null;

  @Column({ type: 'datetime', precision: 3 })
  fireAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  recordedAt: Date;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 1000 })
  body: string;

  /** JSON: what the webhook receives (and the proposed letter on escalation). */
  @Column({ type: 'text' })
  payload: string;
}

/** A reminder in one user's inbox. */
@Entity('notifications')
@Index('uq_notifications_reminder_user', ['reminderId', 'userId'], { unique: true })
@Index('ix_notifications_user', ['userId', 'id'])
@Index('ix_notifications_user_unread', ['userId', 'readAt'])
export class NotificationEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  userId: number;

  @Column({ type: 'bigint', unsigned: true })
  reminderId: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  readAt: Date | null;
}

export const DELIVERY_STATUSES = ['pending', 'delivered', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One outbound delivery of a reminder (a webhook endpoint, or a user's e-mail). `pending` with
 * `nextAttemptAt` passed means its job may be lost: the sweep enqueues it again (same job id).
 */
@Entity('reminder_deliveries')
@Index('uq_reminder_deliveries_target', ['reminderId', 'channel', 'targetId'], { unique: true })
@Index('ix_reminder_deliveries_due', ['status', 'nextAttemptAt'])
export class ReminderDeliveryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: number;

  @Column({ type: 'bigint', unsigned: true })
  reminderId: number;

  @Column({ type: 'varchar', length: 10 })
  channel: string;

  /** The webhook endpoint's id, or the user's id for e-mail. */
  @Column({ type: 'int', unsigned: true })
  targetId: number;

  @Column({ type: 'varchar', length: 10 })
  status: DeliveryStatus;

  @Column({ type: 'smallint', unsigned: true })
  attempts: number;

  /** Bumped when an administrator retries a dead letter, so its job id is new. */
  @Column({ type: 'smallint', unsigned: true })
  round: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  nextAttemptAt: Date | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  deliveredAt: Date | null;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}

/** Where reminders are posted (JSON, signed with HMAC-SHA256 under the endpoint's secret). */
@Entity('webhook_endpoints')
export class WebhookEndpointEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id: number;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 500 })
  url: string;

  @Column({ type: 'varchar', length: 200 })
  secret: string;

  @Column({ type: 'boolean' })
  enabled: boolean;

  @Column({ type: 'int', unsigned: true })
  version: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}

/** A user's e-mail address for reminders (the users table holds no contact data). */
@Entity('user_contacts')
export class UserContactEntity {
  @PrimaryColumn({ type: 'int', unsigned: true })
  userId: number;

  @Column({ type: 'varchar', length: 254, nullable: true })
  email: string | null;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
