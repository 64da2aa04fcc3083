import type { AuthUser, Role } from '@app/auth';
import type { CaseEntity } from '../case.entity';
import type { CaseEventEntity } from '../case-event.entity';
import { NO_OUTCOME_YET } from '../new-case/new-case-row';

/**
 * A 检举控告 case, or any case whose accuser is kept confidential: the unit never learns who the
 * accuser is or how to reach them, and the bureau delivers the answer.
 */
export const confidentialAccusation = (c: Pick<CaseEntity, 'purpose' | 'confidentialAccuser'>) =>
  c.purpose === 'accusation' || c.confidentialAccuser;

/** In 检举控告 cases the accuser's identity is never shown to a handling unit (DESIGN §7). */
export function hidesAccuser(
  c: Pick<CaseEntity, 'purpose' | 'confidentialAccuser'>,
  actor: AuthUser,
): boolean {
  return actor.role === 'unit_handler' && confidentialAccusation(c);
}

/**
 * A unit handler whose unit no longer holds the case (it objected and the case moved on): it keeps
 * its own record of the case, not what was added after it left. Only units the case was handed to
 * get this far (CasesService.assertCanSee).
 */
export function isFormerUnit(c: Pick<CaseEntity, 'responsibleUnitId'>, actor: AuthUser): boolean {
  return actor.role === 'unit_handler' && c.responsibleUnitId !== actor.unitId;
}

/** The events a unit's stake in a case is read from (STAKE_EVENT_TYPES). */
export const STAKE_EVENT_TYPES = ['transferred', 'assigned', 'objected', 'attachment_added'];

/**
 * What a unit handler's view of one case rests on, read from the case's own events (their order,
 * not their times: two steps can share a millisecond): its hops, when it got the case, when it left.
 */
export interface UnitStake {
  unitId: number;
  hopIds: Set<number>;
  /** The event that first handed the case to the unit. */
  receivedSeq: number;
  /** The unit's objection when it no longer holds the case; null while it does. */
  leftSeq: number | null;
  /** Which event added each file. */
  attachmentSeq: Map<number, number>;
  hidesAccuser: boolean;
}

/** Null for the bureau's roles, which see the whole case. */
export function unitStake(
  c: CaseEntity,
  events: Pick<CaseEventEntity, 'seq' | 'type' | 'data'>[],
  actor: AuthUser,
): UnitStake | null {
  if (actor.role !== 'unit_handler' || actor.unitId == null) return null;
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  const dataOf = (e: { data: object }) => e.data as Record<string, unknown>;
  const handOvers = sorted.filter((e) => e.type === 'transferred' || e.type === 'assigned');
  const own = handOvers.filter((e) => Number(dataOf(e).unitId) === actor.unitId);
  const receivedSeq = own.length ? own[0].seq : Number.MAX_SAFE_INTEGER;
  let leftSeq: number | null = null;
  if (isFormerUnit(c, actor)) {
    const last = own.length ? own[own.length - 1].seq : 0;
    const objection = sorted.find(
      (e) => e.type === 'objected' && e.seq > last && Number(dataOf(e).unitId) === actor.unitId,
    );
    const next = handOvers.find((e) => e.seq > last);
    leftSeq = objection?.seq ?? (next ? next.seq - 1 : last);
  }
  const attachmentSeq = new Map<number, number>();
  for (const e of sorted) {
    if (e.type === 'attachment_added') attachmentSeq.set(Number(dataOf(e).attachmentId), e.seq);
  }
  return {
    unitId: actor.unitId,
    hopIds: new Set(own.map((e) => Number(dataOf(e).hopId))),
    receivedSeq,
    leftSeq,
    attachmentSeq,
    hidesAccuser: hidesAccuser(c, actor),
  };
}

/**
 * The case row as a unit handler may see it: for a hidden accuser no link to the accuser's other
 * cases; for a former unit the header without what came after it left (who holds the case now,
 * that unit's next deadline, the answer, the outcome).
 */
export function caseShownTo(c: CaseEntity, actor: AuthUser): CaseEntity {
  if (actor.role !== 'unit_handler') return c;
  let shown = c;
  if (hidesAccuser(c, actor)) shown = { ...shown, firstCaseId: null, finalMatchCaseId: null };
  if (isFormerUnit(c, actor)) {
    shown = {
      ...shown,
      responsibleUnitId: null,
      currentHopId: null,
      // Back with the bureau, its next deadline is the bureau's; at another unit, that unit's.
      ...(c.responsibleUnitId !== null ? { nextDueAt: null, nextClockKind: null } : {}),
      ...NO_OUTCOME_YET,
    };
  }
  return shown;
}

/** A person named on a case (its 承办人), as the caller may read them. */
export interface StaffView {
  /** Null where the caller reads the person by role only. */
  id: number | null;
  name: string | null;
  role: Role;
}

/**
 * A unit handler reads its own unit's people by name, the bureau's by role only (as on the
 * timeline, timelineForUnit); the bureau reads everyone by name.
 */
export function staffShownTo(
  person: { id: number; displayName: string; role: Role; unitId: number | null },
  actor: AuthUser,
): StaffView {
  const named =
    actor.role !== 'unit_handler' || (person.unitId !== null && person.unitId === actor.unitId);
  return named
    ? { id: person.id, name: person.displayName, role: person.role }
    : { id: null, name: null, role: person.role };
}

/** A timeline event with the role of whoever did it. */
export type TimelineEvent = CaseEventEntity & { actorRole: string | null };

/**
 * The data a unit may read of each event of a case whose accuser is hidden: nothing that names
 * or leads to the accuser (edit texts from before the unit had the case, links to other cases,
 * the bureau's people). Events not listed show only that they happened.
 */
const UNIT_READABLE: Record<string, readonly string[]> = {
  registered: ['caseNo', 'channel', 'source', 'sourceLevel', 'externalRef'],
  transferred: ['hopId', 'unitId', 'unitName', 'reportDueDate'],
  assigned: ['hopId', 'unitId', 'unitName', 'reportDueDate'],
  accepted: ['hopId'],
  reported: ['hopId'],
  objected: ['hopId', 'unitId', 'reason'],
  not_accepted: ['reason', 'route'],
  referred: ['to', 'reason'],
  extended: ['days', 'reason', 'newDueDate'],
  answered: ['decision', 'deliveryMethod', 'deliveredAt'],
  evaluated: ['evaluation'],
  evaluation_lapsed: ['windowDueAt'],
  attachment_added: ['attachmentId', 'filename', 'sizeBytes'],
  clock_recomputed: ['clockId', 'kind', 'fromDueDate', 'toDueDate', 'provisional', 'reason'],
  supervision_letter_issued: ['letterId', 'number', 'unitId', 'type'],
};

const pick = (data: object, keys: readonly string[]) =>
  Object.fromEntries(Object.entries(data).filter(([k]) => keys.includes(k)));

/**
 * The timeline a unit handler reads. A former unit's ends when it left; a hidden accuser's is
 * redacted (UNIT_READABLE), without the files withheld from the unit. Everywhere a unit sees the
 * bureau's people by role only, its own people by id.
 */
export function timelineForUnit(
  events: TimelineEvent[],
  stake: UnitStake,
  actorUnit: (actorId: number) => number | null,
  withheldAttachmentIds: Set<number>,
): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  for (const e of events) {
    if (stake.leftSeq !== null && e.seq > stake.leftSeq) continue;
    const ours = e.actorId !== null && actorUnit(e.actorId) === stake.unitId;
    let data = e.data as Record<string, unknown>;
    if (stake.hidesAccuser) {
      if (e.type === 'attachment_added' && withheldAttachmentIds.has(Number(data.attachmentId)))
        continue;
      if (e.type === 'edited') {
        data =
          e.seq < stake.receivedSeq
            ? { fields: Object.keys((data.after as object | undefined) ?? {}) }
            : pick(data, ['before', 'after']);
      } else {
        data = pick(data, UNIT_READABLE[e.type] ?? []);
      }
    }
    out.push({ ...e, actorId: ours ? e.actorId : null, data });
  }
  return out;
}

/** Whether a unit handler may see one of the case's files (`ownUnit`: uploaded by its people). */
export function attachmentVisible(a: { id: number }, stake: UnitStake, ownUnit: boolean): boolean {
  if (ownUnit) return true;
  if (stake.hidesAccuser) return false;
  if (stake.leftSeq === null) return true;
  return (stake.attachmentSeq.get(a.id) ?? Number.MAX_SAFE_INTEGER) <= stake.leftSeq;
}
