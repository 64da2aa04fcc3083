import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { nextYearlySequence } from '@app/database';
import { NoticeTemplateEntity, PetitionerNoticeEntity } from './notice.entity';
import type { NoticeKind } from './notice-kinds';

export type NoticeRow = Omit<PetitionerNoticeEntity, 'id'>;

/**
 * `petitioner_notices`, `notice_templates` and the yearly `notice_sequences` (TypeORM). Writes
 * take the caller's transaction, which also carries the case's timeline event.
 */
@Injectable()
export class NoticesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** The next number of the code's year (gapless: a rolled-back transaction gives it back). */
  nextSeq(m: EntityManager, code: string, year: number): Promise<number> {
    return nextYearlySequence(m, 'notice_sequences', code, year);
  }

  async insert(m: EntityManager, row: NoticeRow): Promise<number> {
    const res = await m.insert(PetitionerNoticeEntity, row);
    return Number(res.identifiers[0].id);
  }

  /**
   * The notices of a kind on a case, read under lock (the caller holds the case's row lock, so a
   * second generation waits and then sees the first).
   */
  ofKindLocked(
    m: EntityManager,
    caseId: number,
    kind: NoticeKind,
  ): Promise<PetitionerNoticeEntity[]> {
    return m
      .createQueryBuilder(PetitionerNoticeEntity, 'n')
      .setLock('pessimistic_read')
      .where('n.caseId = :caseId AND n.kind = :kind', { caseId, kind })
      .getMany();
  }

  ofCase(caseId: number): Promise<PetitionerNoticeEntity[]> {
    return this.db.getRepository(PetitionerNoticeEntity).find({
      where: { caseId },
      order: { id: 'ASC' },
    });
  }

  find(id: number, m: EntityManager = this.db.manager): Promise<PetitionerNoticeEntity | null> {
    return m.findOneBy(PetitionerNoticeEntity, { id });
  }

  /** Records the delivery on the version read; false when another change came first. */
  async recordDelivery(
    m: EntityManager,
    id: number,
    version: number,
    values: Pick<
      PetitionerNoticeEntity,
      'deliveryMethod' | 'deliveredAt' | 'deliveredBy' | 'recipient' | 'updatedAt'
    >,
  ): Promise<boolean> {
    const res = await m
      .createQueryBuilder()
      .update(PetitionerNoticeEntity)
      .set({ ...values, version: () => 'version + 1' })
      .where('id = :id AND version = :version AND delivered_at IS NULL', { id, version })
      .execute();
    return res.affected === 1;
  }

  templates(): Promise<NoticeTemplateEntity[]> {
    return this.db.getRepository(NoticeTemplateEntity).find({ order: { kind: 'ASC' } });
  }

  template(kind: NoticeKind): Promise<NoticeTemplateEntity | null> {
    return this.db.manager.findOneBy(NoticeTemplateEntity, { kind });
  }

  /** Saves an administrator's text on the version read; false when another edit came first. */
  async updateTemplate(
    kind: NoticeKind,
    version: number,
    values: Pick<NoticeTemplateEntity, 'title' | 'body' | 'updatedBy' | 'updatedAt'>,
  ): Promise<boolean> {
    const res = await this.db
      .createQueryBuilder()
      .update(NoticeTemplateEntity)
      .set({ ...values, version: () => 'version + 1' })
      .where('kind = :kind AND version = :version', { kind, version })
      .execute();
    return res.affected === 1;
  }
}
