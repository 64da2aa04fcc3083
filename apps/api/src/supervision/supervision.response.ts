import {
  ESCALATION_LABELS,
  LETTER_REASON_LABELS,
  LETTER_STATUS_LABELS,
  LETTER_TYPE_LABELS,
  type LetterView,
  type SupervisionLetterActionEntity,
} from '@app/supervision';
import {
  FIVE_SLOT_LABELS,
  KEY_MATTER_CATEGORY_LABELS,
  MISSION_KIND_LABELS,
  type KeyMatterView,
  type PersuasionMissionEntity,
} from '@app/key-matters';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const letterResponse = ({ letter: l, caseIds, overdue }: LetterView) => ({
  id: l.id,
  number: l.number,
  year: l.year,
  seq: l.seq,
  type: l.type,
  typeLabel: LETTER_TYPE_LABELS[l.type],
  reason: l.reason,
  reasonLabel: LETTER_REASON_LABELS[l.reason],
  reasonNote: l.reasonNote,
  requirements: l.requirements,
  unitId: l.unitId,
  caseIds,
  replyDueDate: l.replyDueDate,
  replyDueAt: l.replyDueAt.toISOString(),
  overdue,
  signer: l.signer,
  contactPerson: l.contactPerson,
  contactPhone: l.contactPhone,
  status: l.status,
  statusLabel: LETTER_STATUS_LABELS[l.status],
  voided: l.status === 'voided',
  voidReason: l.voidReason,
  issuedAt: l.issuedAt.toISOString(),
  receivedAt: iso(l.receivedAt),
  repliedAt: iso(l.repliedAt),
  replyText: l.replyText,
  repliedOnTime: l.repliedOnTime,
  closedAt: iso(l.closedAt),
  returnCount: l.returnCount,
  chaseCount: l.chaseCount,
  lastEscalation: l.lastEscalation,
  version: l.version,
});

export const letterActionResponse = (a: SupervisionLetterActionEntity) => ({
  type: a.type,
  escalation: a.escalation,
  escalationLabel: a.escalation ? ESCALATION_LABELS[a.escalation] : null,
  note: a.note,
  actorId: a.actorId,
  at: a.at.toISOString(),
});

export const keyMatterResponse = (v: KeyMatterView) => {
  const m = v.matter;
  return {
    id: m.id,
    title: m.title,
    category: m.category,
    categoryLabel: KEY_MATTER_CATEGORY_LABELS[m.category],
    description: m.description,
    caseIds: v.caseIds,
    sourceLevel: m.sourceLevel,
    externalRef: m.externalRef,
    reportDueDate: m.reportDueDate,
    reportedAt: iso(m.reportedAt),
    reportOverdue: v.reportOverdue,
    leaderInCharge: m.leaderInCharge,
    taskForce: m.taskForce,
    plan: m.plan,
    measures: m.measures,
    deadline: m.deadline,
    planOverdue: v.planOverdue,
    slots: v.slots.map((s) => ({ ...s, label: FIVE_SLOT_LABELS[s.slot] })),
    slotsFilled: v.slots.filter((s) => s.filled).length,
    status: m.status,
    resolvedDate: m.resolvedDate,
    outcomes: {
      solved: m.outcomeSolved,
      educated: m.outcomeEducated,
      assisted: m.outcomeAssisted,
      dealtByLaw: m.outcomeDealtByLaw,
    },
    evidence: m.evidence,
    progress: v.progress.map((p) => ({ id: p.id, date: p.date, note: p.note, actorId: p.actorId })),
    version: m.version,
  };
};

export const missionResponse = (m: PersuasionMissionEntity, caseIds?: number[]) => ({
  id: m.id,
  kind: m.kind,
  kindLabel: MISSION_KIND_LABELS[m.kind],
  place: m.place,
  startDate: m.startDate,
  endDate: m.endDate,
  staff: m.staff.split('、'),
  personsPersuaded: m.personsPersuaded,
  personsReturned: m.personsReturned,
  cost: Number(m.cost),
  note: m.note,
  ...(caseIds ? { caseIds } : {}),
});
