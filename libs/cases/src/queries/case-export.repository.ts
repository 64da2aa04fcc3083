import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** A petitioner of a case as the export writes them: the name; each detail enciphered, masked. */
export interface ExportPetitionerRow {
  name: string;
  idNumberEnc: string | null;
  idNumberMasked: string | null;
  phoneEnc: string | null;
  phoneMasked: string | null;
  addressEnc: string | null;
  addressMasked: string | null;
}

/** What the case export (in exchange) reads of `case_petitioners` and `petitioners`, raw SQL. */
@Injectable()
export class CaseExportRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The petitioners of each case, in their order on the case. */
  async petitionersOf(caseIds: number[]): Promise<Map<number, ExportPetitionerRow[]>> {
    const map = new Map<number, ExportPetitionerRow[]>();
    if (caseIds.length === 0) return map;
    const rows = await this.db.query<(ExportPetitionerRow & { caseId: number | string })[]>(
      // The details given with each case (a link from before they were kept: the person's).
      `SELECT cp.case_id AS caseId, IF(cp.given_at IS NULL, p.name, COALESCE(cp.name, p.name)) AS name,
              p.id_number_enc AS idNumberEnc, p.id_number_masked AS idNumberMasked,
              IF(cp.given_at IS NULL, p.phone_enc, cp.phone_enc) AS phoneEnc,
              IF(cp.given_at IS NULL, p.phone_masked, cp.phone_masked) AS phoneMasked,
              IF(cp.given_at IS NULL, p.address_enc, cp.address_enc) AS addressEnc,
              IF(cp.given_at IS NULL, p.address_masked, cp.address_masked) AS addressMasked
         FROM case_petitioners cp JOIN petitioners p ON p.id = cp.petitioner_id
        WHERE cp.case_id IN (?) ORDER BY cp.case_id, cp.position`,
      [caseIds],
    );
    for (const r of rows) {
      const id = Number(r.caseId);
      if (!map.has(id)) map.set(id, []);
      map.get(id)!.push(r);
    }
    return map;
  }
}
