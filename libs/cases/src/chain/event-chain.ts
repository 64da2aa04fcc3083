import { createHash, createHmac } from 'node:crypto';
import type { CaseEventType } from '../case-vocabulary';

export interface ChainedEvent {
  seq: number;
  type: CaseEventType;
  actorId: number | null;
  at: Date;
  fromStatus: string | null;
  toStatus: string | null;
  data: object;
}

/**
 * A case's first event, `registered` (seq 1, status from nothing to `registered`): what it came
 * in as, the number it got and the first case (初件) it repeats; `extra` adds to its data.
 */
export function registeredEvent(
  c: { channel: string; source: string; sourceLevel: string; externalRef?: string | null },
  o: {
    caseNo: string;
    actorId: number | null;
    at: Date;
    repeatOf: number | null;
    extra?: Record<string, unknown>;
  },
): ChainedEvent & { data: { caseNo: string } } {
  const data: { caseNo: string } & Record<string, unknown> = {
    caseNo: o.caseNo,
    channel: c.channel,
    source: c.source,
    sourceLevel: c.sourceLevel,
    externalRef: c.externalRef ?? null,
    repeatOf: o.repeatOf,
    ...o.extra,
  };
  return {
    seq: 1,
    type: 'registered',
    actorId: o.actorId,
    at: o.at,
    fromStatus: null,
    toStatus: 'registered',
    data,
  };
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

/**
 * What an event's MAC covers after the previous MAC: its canonical JSON. The first event's
 * case number is left out: registration takes the number from the database in the statement
 * that writes the event, and the database never holds the key. The number is bound instead by
 * the case row (checked by `verifyChain`) and by the signed checkpoint's leaf.
 */
export function eventMacInput(e: ChainedEvent): string {
  const data =
    e.seq === 1 && 'caseNo' in e.data
      ? Object.fromEntries(Object.entries(e.data).filter(([k]) => k !== 'caseNo'))
      : e.data;
  return eventHashInput({ ...e, data });
}

/**
 * The keyed chain (HMAC-SHA-256 under EVENT_CHAIN_KEY, which the database never sees): an
 * account that can rewrite rows cannot compute a link, a case head or a checkpoint signature.
 */
export class ChainKey {
  private readonly key: Buffer;

  constructor(keyBase64: string) {
    this.key = Buffer.from(keyBase64, 'base64');
  }

  mac(...parts: string[]): string {
    const h = createHmac('sha256', this.key);
    for (const p of parts) h.update(p);
    return h.digest('hex');
  }

  /** The first link of a case's chain is bound to the case's id. */
  genesis(caseId: number): string {
    return this.mac(`case:${caseId}`);
  }

  link(prev: string, e: ChainedEvent): string {
    return this.mac(prev, eventMacInput(e));
  }

  /** The tag of a case's head (its event count and last MAC), kept on the case row. */
  head(caseId: number, count: number, lastMac: string): string {
    return this.mac(`head:${caseId}:${count}:${lastMac}`);
  }

  /** Links events seq 1.. of a new case; returns them with their MACs and the case's head. */
  chainFrom(
    caseId: number,
    events: ChainedEvent[],
  ): { events: (ChainedEvent & { prevHash: string; hash: string })[]; head: CaseHead } {
    let prev = this.genesis(caseId);
    const linked = events.map((e) => {
      const hash = this.link(prev, e);
      const out = { ...e, prevHash: prev, hash };
      prev = hash;
      return out;
    });
    return { events: linked, head: this.headOf(caseId, events.length, prev) };
  }

  /** The case row's anchor after its `count`-th event with MAC `lastMac`. */
  headOf(caseId: number, count: number, lastMac: string): CaseHead {
    return {
      eventCount: count,
      lastEventHash: lastMac,
      headMac: this.head(caseId, count, lastMac),
    };
  }
}

/** The three columns of a case row that anchor its chain; written with every event. */
export interface CaseHead {
  eventCount: number;
  lastEventHash: string;
  headMac: string;
}

/** How a chain is broken, named for the person who must look into it. */
export const CHAIN_BREAKS = [
  /** An event is there but is not the one the key sealed (content, time, actor rewritten). */
  'altered',
  /** An event in the middle is gone (a gap in the sequence). */
  'missing_event',
  /** An event beyond the anchored head that the key never sealed (written with SQL). */
  'inserted',
  /** The newest events are gone: the head anchor or the checkpoint counts more. */
  'deleted_tail',
  /** The case row's head was set back, though the events themselves verify. */
  'head_mismatch',
  /** The checkpoint knows a case that is gone from the database. */
  'missing_case',
] as const;
export type ChainBreak = (typeof CHAIN_BREAKS)[number];

export interface ChainVerdict {
  intact: boolean;
  /** The seq of the first event that does not fit (for a deleted tail: the first one missing). */
  brokenAt: number | null;
  kind: ChainBreak | null;
}

export const INTACT: ChainVerdict = { intact: true, brokenAt: null, kind: null };
const broken = (brokenAt: number | null, kind: ChainBreak): ChainVerdict => ({
  intact: false,
  brokenAt,
  kind,
});

/**
 * Re-walks a case's chain under the key and checks it against the case row's head and, when
 * there is one, the last checkpoint's head of the case (already checked against its signature).
 */
export function verifyChain(
  key: ChainKey,
  c: { id: number; caseNo: string; headMac: string },
  events: (ChainedEvent & { prevHash: string; hash: string })[],
  checkpoint?: { eventCount: number; lastEventHash: string } | null,
): ChainVerdict {
  // The prefix the key vouches for: events 1..valid, each linked to the one before.
  let prev = key.genesis(c.id);
  let valid = 0;
  let gap = false;
  for (const [i, e] of events.entries()) {
    if (e.seq !== i + 1) {
      gap = true;
      break;
    }
    if (e.prevHash !== prev || key.link(prev, e) !== e.hash) break;
    const data = e.data as { caseNo?: unknown };
    if (i === 0 && data.caseNo !== undefined && data.caseNo !== c.caseNo) break;
    prev = e.hash;
    valid++;
  }

  // Which head of that prefix the case row's tag seals; none: the row was written for a longer
  // (or another) chain, so the app sealed every event of the prefix and at least one more.
  let rowAnchored = Infinity;
  for (let n = valid; n >= 1; n--) {
    if (key.head(c.id, n, events[n - 1].hash) === c.headMac) {
      rowAnchored = n;
      break;
    }
  }
  let trusted = rowAnchored;
  if (checkpoint) {
    const cp = checkpoint.eventCount;
    if (cp >= 1 && cp <= valid && events[cp - 1].hash !== checkpoint.lastEventHash)
      return broken(cp, 'altered');
    trusted = Math.max(trusted, cp);
  }

  if (valid < events.length) {
    if (gap) return broken(valid + 1, 'missing_event');
    return broken(valid + 1, valid + 1 > trusted ? 'inserted' : 'altered');
  }
  if (trusted > valid) return broken(valid + 1, 'deleted_tail');
  if (rowAnchored < valid) return broken(rowAnchored + 1, 'head_mismatch');
  return INTACT;
}

// ---------------------------------------------------------------- the unkeyed chain before 2026-12

/** Before the keyed chain: the first link was bound to the case number, unkeyed. */
export const genesisHash = (caseNo: string) =>
  createHash('sha256').update(`case:${caseNo}`).digest('hex');

/** What an event's hash covers after the previous hash: its canonical JSON. */
export function eventHashInput(e: ChainedEvent): string {
  return canonicalJson({
    seq: e.seq,
    type: e.type,
    actorId: e.actorId,
    at: e.at.toISOString(),
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    data: e.data,
  });
}

export function eventHash(prevHash: string, e: ChainedEvent): string {
  return createHash('sha256').update(prevHash).update(eventHashInput(e)).digest('hex');
}

/**
 * The first event of a case whose number the database assigns in the statement that writes it:
 * the event's stored `data` text around the number, to be spliced with `CONCAT(?, @case_no, ?)`.
 * Its MAC does not cover the number (`eventMacInput`), so the app computes it beforehand.
 */
export function firstEventDataParts(
  event: ChainedEvent & { data: { caseNo: string } },
): [string, string] {
  const token = `#${createHash('sha256').update(eventHashInput(event)).digest('hex')}#`;
  const parts = JSON.stringify({ ...event.data, caseNo: token }).split(token);
  if (parts.length !== 2) throw new Error('firstEventDataParts: the number must appear once');
  return [parts[0], parts[1]];
}

/**
 * Re-walks an unkeyed chain of before the keyed one; returns the seq of the first event that does
 * not fit, or null. Only `chain rechain` uses it, to seal again the chains that still verify.
 */
export function firstBrokenLegacyLink(
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
