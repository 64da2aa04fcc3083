import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Who brought a case: each petitioner, whether they act as a representative (代表), and the name,
 * phone and address they gave with it.
 */
@Entity('case_petitioners')
@Index('ix_case_petitioners_petitioner', ['petitionerId', 'caseId'])
@Index('ix_case_petitioners_name_address_bidx', ['nameBidx', 'addressBidx'])
export class CasePetitionerEntity {
  @PrimaryColumn({ type: 'bigint', unsigned: true })
  caseId: number;

  @PrimaryColumn({ type: 'bigint', unsigned: true })
  petitionerId: number;

  @Column({ type: 'boolean' })
  representative: boolean;

  @Column({ type: 'tinyint', unsigned: true })
  position: number;

  // What the petitioner gave with this case (encrypted, blind-indexed, masked as on petitioners);
  // `givenAt` null: a link written before details were kept per case, which shows the person's.

  @Column({ type: 'varchar', length: 100, nullable: true })
  name: string | null;

  @Index('ix_case_petitioners_name_bidx')
  @Column({ type: 'char', length: 64, nullable: true })
  nameBidx: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  phoneEnc: string | null;

  @Index('ix_case_petitioners_phone_bidx')
  @Column({ type: 'char', length: 64, nullable: true })
  phoneBidx: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  phoneMasked: string | null;

  @Column({ type: 'varchar', length: 1200, nullable: true })
  addressEnc: string | null;

  @Column({ type: 'char', length: 64, nullable: true })
  addressBidx: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  addressMasked: string | null;

  @Column({ type: 'datetime', precision: 3, nullable: true })
  givenAt: Date | null;
}
