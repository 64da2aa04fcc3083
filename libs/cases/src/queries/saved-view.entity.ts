import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { CaseFilter } from '../case-inputs';

/**
 * A case-list filter as a view stores it: the list's filters without the person search (an ID
 * number or phone would sit in clear in the table) and with times as ISO text.
 */
export type SavedViewFilter = Omit<
  CaseFilter,
  'idNumber' | 'phone' | 'registeredFrom' | 'registeredTo'
> & { registeredFrom?: string; registeredTo?: string };

/** A user's named case-list filter. */
@Entity('saved_views')
@Index('uq_saved_views_user_name', ['userId', 'name'], { unique: true })
export class SavedViewEntity {
  @PrimaryGeneratedColumn({ type: 'int', unsigned: true })
  id: number;

  @Column({ type: 'int', unsigned: true })
  userId: number;

  @Column({ type: 'varchar', length: 50 })
  name: string;

  @Column({ type: 'json' })
  filter: SavedViewFilter;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;
}
