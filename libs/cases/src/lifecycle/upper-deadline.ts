import type { ClockKind } from '@app/calendar';
import type { ClockEntity } from '@app/deadlines';
import type { CaseEntity } from '../case.entity';

/**
 * The clocks that end with the case handled and answered, which the upper office's deadline
 * (上级办理期限) bounds: the bureau's triage, the unit's acceptance, handling and 交办 report.
 * The petitioner's windows, the objection window and the review clocks are not bounded by it.
 */
export const BOUNDED_BY_UPPER_DEADLINE: readonly ClockKind[] = [
  'triage',
  'acceptance_notice',
  'handling',
  'assignment_report',
];

export interface UpperDeadlineWarning {
  /** `clock_after`: a running clock falls due after the upper office's deadline; `passed`: the deadline has passed with the case still in hand. */
  kind: 'clock_after' | 'passed';
  provincialDueDate: string;
  /** The running clock that falls due last (for `clock_after`, after the deadline). */
  clockKind: string;
  clockDueDate: string;
}

/**
 * Whether the case page should warn that the upper office's deadline will not be met by the
 * statutory clocks: the handling clock (60 days from acceptance) may end after the day the
 * province wants the answer, and it is the province's day that counts for the bureau's 办结率.
 */
export function upperDeadlineWarning(
  c: Pick<CaseEntity, 'provincialDueDate'>,
  clocks: Pick<ClockEntity, 'kind' | 'status' | 'dueDate'>[],
  today: string,
): UpperDeadlineWarning | null {
  const due = c.provincialDueDate;
  if (!due) return null;
  const running = clocks
    .filter(
      (k) =>
        k.status === 'running' && (BOUNDED_BY_UPPER_DEADLINE as readonly string[]).includes(k.kind),
    )
    .sort((a, b) => (a.dueDate < b.dueDate ? 1 : a.dueDate > b.dueDate ? -1 : 0));
  const last = running[0];
  if (!last) return null;
  const facts = { provincialDueDate: due, clockKind: last.kind, clockDueDate: last.dueDate };
  if (today > due) return { kind: 'passed', ...facts };
  if (last.dueDate > due) return { kind: 'clock_after', ...facts };
  return null;
}
