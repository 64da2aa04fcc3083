import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Where a case comes from, as a default officer rule tells it: at the counter, or from above. */
export const SOURCE_KINDS = ['direct', 'handed_down'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/**
 * An administrator's default 承办人 for new cases of a first-level content category and/or a
 * source kind (either may be empty: any). The most specific rule wins (category and source, then
 * category, then source, then any); without one the case waits in the unassigned queue.
 */
@Entity('officer_defaults')
@Index('uq_officer_defaults_scope', ['scope'], { unique: true })
export class OfficerDefaultEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id: number;

  /** "category|source", `*` for any: the rule's one key. */
  @Column({ type: 'varchar', length: 32 })
  scope: string;

  @Column({ type: 'varchar', length: 12, nullable: true })
  categoryCode: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  sourceKind: SourceKind | null;

  @Column({ type: 'int', unsigned: true })
  officerId: number;

  @Column({ type: 'int', unsigned: true })
  version: number;

  @Column({ type: 'int', unsigned: true })
  updatedBy: number;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
