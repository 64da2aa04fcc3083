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

/** The first link of a case's chain is bound to its case number. */
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
 * The first event of a case whose number the database assigns in the same statement batch:
 * the SQL that sets `@case_no` (from the LAST_INSERT_ID() of the sequence bump), `@genesis` and
 * `@hash` exactly as `genesisHash` and `eventHash` would (SHA2-256 over the same UTF-8 text, the
 * number spliced in where the event's data names it), and the event's stored `data` text around
 * the number. `firstBrokenLink` verifies what it writes like any other chain.
 */
export function firstEventSql(
  prefix: string,
  year: number,
  event: ChainedEvent & { data: { caseNo: string } },
): { setNumberAndHashes: [string, unknown[]][]; dataParts: [string, string] } {
  const token = `#${createHash('sha256').update(eventHashInput(event)).digest('hex')}#`;
  const marked = { ...event, data: { ...event.data, caseNo: token } };
  const split = (text: string): [string, string] => {
    const parts = text.split(token);
    if (parts.length !== 2) throw new Error('firstEventSql: the number must appear once');
    return [parts[0], parts[1]];
  };
  const [head, tail] = split(eventHashInput(marked));
  return {
    // Three statements: a variable set in a SET is not seen by the next assignment of that SET.
    setNumberAndHashes: [
      [
        `SET @case_no = CONCAT(?, '-', ?, '-', LPAD(LAST_INSERT_ID(), GREATEST(6, CHAR_LENGTH(LAST_INSERT_ID())), '0'))`,
        [prefix, year],
      ],
      [`SET @genesis = SHA2(CONCAT('case:', @case_no), 256)`, []],
      [`SET @hash = SHA2(CONCAT(@genesis, ?, @case_no, ?), 256)`, [head, tail]],
    ],
    dataParts: split(JSON.stringify(marked.data)),
  };
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
