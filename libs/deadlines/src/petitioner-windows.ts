import type { ClockKind } from '@app/calendar';

/**
 * The petitioner's windows (DESIGN §4): the time a petitioner has to ask for a 复查 or 复核 or to
 * rate the answer. No one at the bureau or a unit must meet them, so they are no one's overdue
 * work: a window that passes is recorded and stops (the window sweeps), it has no reminder
 * stages, and it never holds a case's next due time (the overdue and due-soon lists).
 */
export const PETITIONER_WINDOW_KINDS = [
  'review_request_window',
  're_review_request_window',
  'evaluation_window',
] as const satisfies readonly ClockKind[];

export type PetitionerWindowKind = (typeof PETITIONER_WINDOW_KINDS)[number];

export const isPetitionerWindow = (kind: string): kind is PetitionerWindowKind =>
  (PETITIONER_WINDOW_KINDS as readonly string[]).includes(kind);

/** How much a window sweep run does: windows read per batch, and the run's time budget. */
export interface WindowSweepLimits {
  batchSize: number;
  budgetMs: number;
}

/** One batch of a window sweep: the ids it read (in order) and how many windows it stopped. */
export interface WindowBatch {
  ids: number[];
  lapsed: number;
}

/**
 * Runs a window sweep's batches until no passed window is left: `batch(afterId, size)` reads up
 * to `size` passed windows with ids above `afterId`, so a window the batch had to leave (someone
 * acted on its case meanwhile) is not read again in the same run. Stops when the time budget is
 * spent; what is left is still due in the database for the next run. Returns how many stopped.
 */
export async function sweepPassedWindows(
  batch: (afterId: number, size: number) => Promise<WindowBatch>,
  limits: WindowSweepLimits,
): Promise<number> {
  const deadline = performance.now() + limits.budgetMs;
  let afterId = 0;
  let lapsed = 0;
  for (;;) {
    const r = await batch(afterId, limits.batchSize);
    lapsed += r.lapsed;
    if (r.ids.length < limits.batchSize || performance.now() >= deadline) return lapsed;
    afterId = Math.max(...r.ids);
  }
}
