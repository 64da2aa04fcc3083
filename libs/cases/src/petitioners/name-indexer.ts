import { Injectable } from '@nestjs/common';
import { PersonalDataCipher } from '@app/core';
import { addressKey, nameKey } from './prepare-petitioner';
import { NameIndexRepository, type UnindexedName } from './name-index.repository';

const BATCH = 500;

/**
 * `petitions reindex`: gives every name and address written before they were indexed
 * (petitioners, and the details given with each case) its blind index, so name search and 重件 by
 * name and address find them. Safe to run again (only rows with a name or address without an
 * index are read) and while the API runs (each batch is its own writes).
 */
@Injectable()
export class NameIndexer {
  constructor(
    private readonly repo: NameIndexRepository,
    private readonly cipher: PersonalDataCipher,
  ) {}

  async reindex(): Promise<{ petitioners: number; links: number }> {
    let petitioners = 0;
    let links = 0;
    for (let after = 0; ;) {
      const rows = await this.repo.petitionersWithout(after, BATCH);
      if (rows.length === 0) break;
      await this.write(rows);
      petitioners += rows.length;
      after = rows[rows.length - 1].petitionerId;
    }
    for (let after: [number, number] = [0, 0]; ;) {
      const rows = await this.repo.linksWithout(after, BATCH);
      if (rows.length === 0) break;
      await this.write(rows);
      links += rows.length;
      const last = rows[rows.length - 1];
      after = [last.caseId!, last.petitionerId];
    }
    return { petitioners, links };
  }

  private write(rows: UnindexedName[]): Promise<void> {
    return this.repo.setIndexes(
      rows.map((r) => ({
        ...r,
        nameBidx: nameKey(this.cipher, r.name),
        addressBidx: r.addressEnc
          ? addressKey(this.cipher, this.cipher.decrypt(r.addressEnc))
          : null,
      })),
    );
  }
}
