import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { SavedViewFilter } from './saved-views.service';

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
