import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** 信访内容分类: the three-level national classification, a maintained code table. */
@Entity('categories')
export class CategoryEntity {
  @PrimaryColumn({ type: 'varchar', length: 12 })
  code: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'tinyint', unsigned: true })
  level: number;

  @Index('ix_categories_parent')
  @Column({ type: 'varchar', length: 12, nullable: true })
  parentCode: string | null;

  @Column({ type: 'boolean' })
  active: boolean;
}
