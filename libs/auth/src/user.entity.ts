import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UnitEntity } from '@app/units';
import type { Role } from './roles';

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id: number;

  @Index('uq_users_username', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  username: string;

  @Column({ type: 'varchar', length: 50 })
  displayName: string;

  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;

  @Index('ix_users_role')
  @Column({ type: 'varchar', length: 20 })
  role: Role;

  @Column({ type: 'int', unsigned: true, nullable: true })
  unitId: number | null;

  @ManyToOne(() => UnitEntity, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'fk_users_unit' })
  unit?: UnitEntity;

  @Column({ type: 'boolean' })
  active: boolean;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  lastLoginAt: Date | null;

  @Column({ type: 'datetime', precision: 3 })
  passwordChangedAt: Date;

  /** Set when an administrator gave the password (new account, reset); the user must change it. */
  @Column({ type: 'boolean', default: false })
  mustChangePassword: boolean;

  /** Carried by access tokens; bumped to end every session at once (see SessionRegistry). */
  @Column({ type: 'int', unsigned: true, default: 1 })
  sessionVersion: number;

  @Column({ type: 'int', unsigned: true })
  version: number;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
