import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { PetitionerKind } from './case-vocabulary';

/**
 * 信访人: a person or an organisation. ID number, phone and address are stored encrypted
 * (`*_enc`), findable through keyed hashes (`*_bidx`), and shown masked (`*_masked`).
 */
@Entity('petitioners')
@Index('ix_petitioners_name_address_bidx', ['nameBidx', 'addressBidx'])
export class PetitionerEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', unsigned: true })
  id: number;

  @Column({ type: 'varchar', length: 20 })
  kind: PetitionerKind;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** The blind index of the normalised name (exact-match name search); null until reindexed. */
  @Index('ix_petitioners_name_bidx')
  @Column({ type: 'char', length: 64, nullable: true })
  nameBidx: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  idNumberEnc: string | null;

  @Index('ix_petitioners_id_number_bidx')
  @Column({ type: 'char', length: 64, nullable: true })
  idNumberBidx: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  idNumberMasked: string | null;

  /** Why an ID number that failed its check was registered anyway (null: checked, or none). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  idUnverifiedReason: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  phoneEnc: string | null;

  @Index('ix_petitioners_phone_bidx')
  @Column({ type: 'char', length: 64, nullable: true })
  phoneBidx: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  phoneMasked: string | null;

  @Column({ type: 'varchar', length: 1200, nullable: true })
  addressEnc: string | null;

  /** The blind index of the address (without spaces): with the name's, finds the same person. */
  @Column({ type: 'char', length: 64, nullable: true })
  addressBidx: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  addressMasked: string | null;

  /**
   * When the name, phone and address above were given (the newest of the person's cases; each
   * case keeps its own on case_petitioners). Null on rows written before it was recorded.
   */
  @Column({ type: 'datetime', precision: 3, nullable: true })
  detailsGivenAt: Date | null;

  @Column({ type: 'datetime', precision: 3 })
  createdAt: Date;

  @Column({ type: 'datetime', precision: 3 })
  updatedAt: Date;
}
