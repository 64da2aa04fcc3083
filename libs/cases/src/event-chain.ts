import { createHash } from 'node:crypto';

export interface ChainedEvent {
  seq: number;
  type: string;
  actorId: number | null;
  at: Date;
  fromStatus: string | null;
  toStatus: string | null;
  data: object;
}

/** JSON with keys sorted at every depth, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The first link of a case's chain is bound to its case number. */
export const genesisHash = (caseNo: string) =>
  createHash('sha256').update(`case:${caseNo}`).digest('hex');

export function eventHash(prevHash: string, e: ChainedEvent): string {
  return createHash('sha256')
    .update(prevHash)
    .update(
      canonicalJson({
        seq: e.seq,
        type: e.type,
        actorId: e.actorId,
        at: e.at.toISOString(),
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        data: e.data,
      }),
    )
    .digest('hex');
}

/** Re-walks a case's chain; returns the seq of the first event that does not fit, or null. */
export function firstBrokenLink(
  caseNo: string,
  events: (ChainedEvent & { prevHash: string; hash: string })[],
): number | null {
  let prev = genesisHash(caseNo);
  for (const [i, e] of events.entries()) {
    if (e.seq !== i + 1 || e.prevHash !== prev || eventHash(prev, e) !== e.hash) return e.seq;
    prev = e.hash;
  }
  return null;
}
