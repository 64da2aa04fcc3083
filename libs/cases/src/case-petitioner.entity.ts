import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Who brought a case: each petitioner, and whether they act as a representative (代表). */
@Entity('case_petitioners')
@Index('ix_case_petitioners_petitioner', ['petitionerId', 'caseId'])
export class CasePetitionerEntity {
  @PrimaryColumn({ type: 'bigint', unsigned: true })
  caseId: number;

  @PrimaryColumn({ type: 'bigint', unsigned: true })
  petitionerId: number;

  @Column({ type: 'boolean' })
  representative: boolean;

  @Column({ type: 'tinyint', unsigned: true })
  position: number;
}
