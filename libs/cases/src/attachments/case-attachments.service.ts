import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@app/auth';
import { UsersRepository } from '@app/auth';
import { AppConfig, DomainError } from '@app/core';
import { checkUpload } from './attachment-types';
import { actsAtUnit } from '../lifecycle/case-permissions';
import { attachmentVisible } from '../queries/case-visibility';
import { CasesRepository } from '../lifecycle/cases.repository';
import { CasesService } from '../lifecycle/cases.service';
import { attachmentNotFound, notCurrentUnit, uploadErrors } from '../cases.errors';
import { FileStorage } from './file-storage';
import type { AttachmentEntity } from '../support.entities';

/** A case's files (附件): checked on the way in, shown only to those who may see them. */
@Injectable()
export class CaseAttachmentsService {
  constructor(
    private readonly cases: CasesService,
    private readonly repo: CasesRepository,
    private readonly users: UsersRepository,
    private readonly config: AppConfig,
    private readonly storage: FileStorage,
  ) {}

  /**
   * Stores an attachment after checking its size and real type (magic bytes), then records it on
   * the case. The bytes are written first; if the database write fails they are removed again.
   */
  async addAttachment(
    id: number,
    file: { filename: string; data: Buffer },
    actor: AuthUser,
  ): Promise<AttachmentEntity> {
    const { filename, contentType } = await checkUpload(
      file,
      this.config.storage.maxBytes,
      uploadErrors,
    );
    let current = await this.cases.get(id, actor);
    if (!actsAtUnit(current, actor)) throw notCurrentUnit();
    const key = `cases/${id}/${randomUUID()}`;
    await this.storage.put(key, file.data);
    try {
      let saved: AttachmentEntity | null = null;
      for (let attempt = 0; ; attempt++) {
        if (attempt > 0) current = await this.cases.get(id, actor);
        try {
          await this.cases.act(id, actor, 'attach', current.version, async ({ m, now }) => {
            const row: AttachmentEntity = {
              id: 0,
              caseId: id,
              filename,
              contentType,
              sizeBytes: file.data.length,
              sha256: sha256(file.data),
              storageKey: key,
              uploadedBy: actor.id,
              uploadedAt: now,
            };
            const { id: _, ...values } = row;
            row.id = await this.repo.insertAttachment(m, values);
            saved = row;
            return {
              event: {
                type: 'attachment_added',
                data: { attachmentId: row.id, filename, sizeBytes: row.sizeBytes },
              },
            };
          });
          return saved!;
        } catch (e) {
          // Adding a file does not conflict with someone else's edit: try again on the new version.
          if (attempt < 3 && e instanceof DomainError && e.code === 'STALE_VERSION') continue;
          throw e;
        }
      }
    } catch (e) {
      await this.storage.remove(key);
      throw e;
    }
  }

  async openAttachment(id: number, attachmentId: number, actor: AuthUser) {
    const c = await this.cases.get(id, actor);
    const a = await this.repo.attachment(id, attachmentId);
    if (!a) throw attachmentNotFound(attachmentId);
    const stake = await this.cases.unitStakeOf(c, actor);
    if (stake) {
      // The accusation itself may name the accuser; a unit that left keeps only its own record.
      const uploader = await this.users.findById(a.uploadedBy);
      if (!attachmentVisible(a, stake, uploader?.unitId === actor.unitId))
        throw attachmentNotFound(attachmentId);
    }
    return { attachment: a, stream: await this.storage.open(a.storageKey) };
  }
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
