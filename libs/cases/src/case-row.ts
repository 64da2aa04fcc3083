import type { CaseEntity } from './case.entity';
import type { RegisterCaseInput } from './case-inputs';
import { COLLECTIVE_MIN_PERSONS } from './case-vocabulary';

/**
 * The `cases` row of a newly registered case, as every way in writes it (the counter, the
 * spreadsheet import, the history import): the petition's facts, the optional flags defaulted,
 * `registered` at version 1. Callers add their number's placeholder, clocks and first event.
 */
export function newCaseRow(
  input: RegisterCaseInput & { registeredAt: Date },
  p: { caseNo: string; year: number; firstCaseId: number | null; actorId: number; now: Date },
): Partial<CaseEntity> {
  return {
    caseNo: p.caseNo,
    year: p.year,
    externalRef: input.externalRef ?? null,
    provincialDueDate: input.provincialDueDate ?? null,
    channel: input.channel,
    source: input.source,
    sourceLevel: input.sourceLevel,
    registeredAt: input.registeredAt,
    title: input.title,
    content: input.content,
    purpose: input.purpose,
    categoryCode: input.categoryCode,
    locality: input.locality,
    personCount: input.personCount,
    collective: input.personCount >= COLLECTIVE_MIN_PERSONS,
    skipLevel: input.skipLevel ?? false,
    toBeijing: input.toBeijing ?? false,
    toProvince: input.toProvince ?? false,
    jointSigned: input.jointSigned ?? false,
    lawRelated: input.lawRelated ?? false,
    confidentialAccuser: input.confidentialAccuser ?? false,
    repeat: p.firstCaseId !== null,
    firstCaseId: p.firstCaseId,
    status: 'registered',
    officerId: input.officerId ?? p.actorId,
    registeredBy: p.actorId,
    extensionUsed: false,
    version: 1,
    createdAt: p.now,
    updatedAt: p.now,
  };
}
