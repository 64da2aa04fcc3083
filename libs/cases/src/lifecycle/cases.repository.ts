import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { CaseEntity } from '../case.entity';
import { CaseEventEntity } from '../case-event.entity';
import { CaseHopEntity } from '../case-hop.entity';
import { CasePetitionerEntity } from '../case-petitioner.entity';
import type { CaseStatus } from './case-status';
import { STAKE_EVENT_TYPES } from '../queries/case-visibility';
import { AttachmentEntity } from '../support.entities';

/**
 * The `cases` rows and what hangs off them in the lifecycle (`case_hops`, `case_events`,
 * `case_petitioners`, `attachments`), through TypeORM. Reads outside a transaction use the data
 * source; every write takes the caller's transaction manager.
 */
@Injectable()
export class CasesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  findById(id: number): Promise<CaseEntity | null> {
    return this.db.getRepository(CaseEntity).findOneBy({ id });
  }

  findByIdOrFail(id: number): Promise<CaseEntity> {
    return this.db.getRepository(CaseEntity).findOneByOrFail({ id });
  }

  async caseNoOf(id: number): Promise<string | null> {
    const c = await this.db
      .getRepository(CaseEntity)
      .findOne({ select: { id: true, caseNo: true }, where: { id } });
    return c?.caseNo ?? null;
  }

  /** Of `ids`, those that are cases. */
  async existing(ids: number[]): Promise<Set<number>> {
    const found = await this.db
      .getRepository(CaseEntity)
      .find({ select: { id: true }, where: { id: In(ids) } });
    return new Set(found.map((c) => c.id));
  }

  /** Of these upper offices' numbers, those already registered. */
  async withExternalRefs(refs: string[]): Promise<Set<string>> {
    const rows = await this.db
      .getRepository(CaseEntity)
      .find({ select: { externalRef: true }, where: { externalRef: In(refs) } });
    return new Set(rows.map((r) => r.externalRef!));
  }

  /** The newest cases that name any of these petitioners. */
  ofPetitioners(petitionerIds: number[], limit: number): Promise<CaseEntity[]> {
    return this.db
      .getRepository(CaseEntity)
      .createQueryBuilder('c')
      .where(
        'c.id IN (SELECT cp.case_id FROM case_petitioners cp WHERE cp.petitioner_id IN (:...ids))',
        { ids: petitionerIds },
      )
      .orderBy('c.id', 'DESC')
      .limit(limit)
      .getMany();
  }

  /** Whether the unit ever had the case (a hop to it). */
  everAtUnit(caseId: number, unitId: number): Promise<boolean> {
    return this.db.getRepository(CaseHopEntity).exists({ where: { caseId, unitId } });
  }

  /** The events a unit's view of the case rests on (see `unitStake`). */
  stakeEvents(caseId: number): Promise<Pick<CaseEventEntity, 'seq' | 'type' | 'data'>[]> {
    return this.db.getRepository(CaseEventEntity).find({
      select: { seq: true, type: true, data: true },
      where: { caseId, type: In(STAKE_EVENT_TYPES) },
    });
  }

  attachment(caseId: number, attachmentId: number): Promise<AttachmentEntity | null> {
    return this.db.getRepository(AttachmentEntity).findOneBy({ id: attachmentId, caseId });
  }

  // -------------------------------------------------------------- inside a transaction

  /** The row, locked for this transaction. */
  lock(m: EntityManager, id: number): Promise<CaseEntity | null> {
    return m
      .createQueryBuilder(CaseEntity, 'c')
      .setLock('pessimistic_write')
      .where('c.id = :id', { id })
      .getOne();
  }

  /** The rows, locked in id order (so two writers never wait on each other in a circle). */
  lockMany(m: EntityManager, ids: number[]): Promise<CaseEntity[]> {
    return m
      .createQueryBuilder(CaseEntity, 'c')
      .setLock('pessimistic_write')
      .where('c.id IN (:...ids)', { ids })
      .orderBy('c.id', 'ASC')
      .getMany();
  }

  /**
   * Compare-and-set on (id, version, status): moves the case to `to` at version + 1 when nobody
   * changed it since it was read; false when somebody did.
   */
  async claim(m: EntityManager, current: CaseEntity, to: CaseStatus, now: Date): Promise<boolean> {
    const claimed = await m
      .createQueryBuilder()
      .update(CaseEntity)
      .set({ version: () => 'version + 1', status: to, updatedAt: now })
      .where('id = :id AND version = :expectedVersion AND status = :status', {
        id: current.id,
        expectedVersion: current.version,
        status: current.status,
      })
      .execute();
    return claimed.affected === 1;
  }

  async update(m: EntityManager, id: number, set: Partial<CaseEntity>): Promise<void> {
    await m.update(CaseEntity, { id }, set);
  }

  /** The columns of the case row with its version moved on (a change beside the lifecycle). */
  async updateBumpingVersion(m: EntityManager, id: number, set: Partial<CaseEntity>) {
    await m.update(CaseEntity, { id }, { ...set, version: () => 'version + 1' });
  }

  async insertEvent(m: EntityManager, event: Omit<CaseEventEntity, 'id'>): Promise<void> {
    await m.insert(CaseEventEntity, event);
  }

  async insertHop(m: EntityManager, hop: Omit<CaseHopEntity, 'id'>): Promise<number> {
    const inserted = await m.insert(CaseHopEntity, hop);
    return Number(inserted.identifiers[0].id);
  }

  hop(m: EntityManager, id: number): Promise<CaseHopEntity | null> {
    return m.findOneBy(CaseHopEntity, { id });
  }

  async updateHop(m: EntityManager, id: number, set: Partial<CaseHopEntity>): Promise<void> {
    await m.update(CaseHopEntity, { id }, set);
  }

  hasHops(m: EntityManager, caseId: number): Promise<boolean> {
    return m.exists(CaseHopEntity, { where: { caseId } });
  }

  petitionersOf(m: EntityManager, caseId: number): Promise<CasePetitionerEntity[]> {
    return m.find(CasePetitionerEntity, { where: { caseId } });
  }

  async insertAttachment(m: EntityManager, row: Omit<AttachmentEntity, 'id'>): Promise<number> {
    const inserted = await m.insert(AttachmentEntity, row);
    return Number(inserted.identifiers[0].id);
  }
}
