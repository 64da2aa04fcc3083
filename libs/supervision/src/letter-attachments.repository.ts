import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SupervisionLetterAttachmentEntity } from './supervision-letter.entity';

/** `supervision_letter_attachments`: the files a unit sends with its reply (TypeORM). */
@Injectable()
export class LetterAttachmentsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(
    row: Omit<SupervisionLetterAttachmentEntity, 'id'>,
  ): Promise<SupervisionLetterAttachmentEntity> {
    const repo = this.db.getRepository(SupervisionLetterAttachmentEntity);
    const created = repo.create(row);
    const res = await repo.insert(created);
    created.id = Number(res.identifiers[0].id);
    return created;
  }

  of(letterId: number): Promise<SupervisionLetterAttachmentEntity[]> {
    return this.db
      .getRepository(SupervisionLetterAttachmentEntity)
      .find({ where: { letterId }, order: { id: 'ASC' } });
  }

  find(letterId: number, id: number): Promise<SupervisionLetterAttachmentEntity | null> {
    return this.db.getRepository(SupervisionLetterAttachmentEntity).findOneBy({ id, letterId });
  }
}
