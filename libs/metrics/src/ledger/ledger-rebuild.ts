import { Injectable } from '@nestjs/common';
import { Clock } from '@app/core';
import { addCounters, N, type Counted, type CounterRow } from './ledger-counters';
import { LEDGER_METRICS } from './ledger-rows';
import { LedgerRepository } from './ledger.repository';

type Raw = Record<string, unknown>;

/** Items of a year counted by group, numerator month and the month they fall due in. */
type ItemGroup = Counted & { n: number };

/** A figure's items of a month: how many, the sum of their ids, their rows' fingerprint. */
interface ItemSum {
  key: string;
  n: number;
  ids: bigint;
  fingerprint: bigint;
}

interface Difference {
  metric: string;
  missing: number;
  extra: number;
  changed: number;
  counters: number;
}

function addItemSum(sums: Map<string, ItemSum>, r: Raw): void {
  const k = `${String(r.k)}\u0000${String(r.month)}`;
  const s = sums.get(k) ?? { key: String(r.k), n: 0, ids: 0n, fingerprint: 0n };
  s.n += Number(r.n);
  s.ids += BigInt(String(r.ids));
  s.fingerprint ^= BigInt(String(r.fp));
  sums.set(k, s);
}

function toItemGroup(r: Raw): ItemGroup {
  return {
    key: String(r.k),
    month: String(r.month),
    unitId: r.u === null ? null : Number(r.u),
    channel: (r.ch as string | null) ?? null,
    sourceLevel: (r.sl as string | null) ?? null,
    numMonth: String(r.nm),
    pendingMonth: String(r.pm),
    n: Number(r.n),
  };
}

/** The figures of the check's two connections: about half a year's raw rows each. */
const CHECK_HALVES = [
  LEDGER_METRICS.filter((m) => ['registeredCases', 'triageClocks', 'letters'].includes(m.source)),
  LEDGER_METRICS.filter((m) => !['registeredCases', 'triageClocks', 'letters'].includes(m.source)),
].map((ms) => ms.map((m) => m.key));

/**
 * Checks a year's summaries against the raw rows, and rebuilds them from those: after a
 * historical import (which bypasses the writers), or to correct a difference the check found.
 */
@Injectable()
export class LedgerRebuild {
  constructor(
    private readonly repo: LedgerRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * A year's items and counters recomputed from the raw rows in SQL (`rebuild-items-sql.ts`: each
   * source's rows of the year read once into a memory table, each figure's items decided there as
   * its `classify` decides them) and compared with what is stored: the items by figure and month
   * as exact counts with the sum of their ids and the XOR of a CRC32 of each item's row, the
   * counters one by one (counted from the recomputed items by every group). With `replace`, the
   * raw rows are read with shared locks (no writer changes them meanwhile) and the year's items
   * and counters are stored in place of the old ones.
   */
  async rebuild(year: number, replace: boolean) {
    const started = Date.now();
    const now = this.clock.now();
    const keys = LEDGER_METRICS.map((d) => d.key);
    const repo = this.repo;
    if (!replace) {
      // The check locks nothing (a writer meanwhile can show as a difference) and reads on
      // three connections at once: half the sources each, and the stored summaries.
      const read = (sources: string[]) =>
        repo.transaction('READ COMMITTED', (query) =>
          repo.withItemSources(query, sources, year, false, () => repo.rawGroups(query, sources)),
        );
      const [raw1, raw2, [stored, counted]] = await Promise.all([
        read(CHECK_HALVES[0]),
        read(CHECK_HALVES[1]),
        Promise.all([repo.storedSums(keys, year), repo.storedCounters(keys, year)]),
      ]);
      const readAt = Date.now();
      const result = compareSummaries([...raw1, ...raw2], stored, counted);
      return rebuildResult(year, result, false, [started, readAt, Date.now()]);
    }
    // The rebuild reads the raw rows with shared locks, so no writer changes them meanwhile.
    return repo.transaction('REPEATABLE READ', (query) =>
      repo.withItemSources(query, keys, year, true, async () => {
        const raw = await repo.rawGroups(query, keys);
        const stored = await repo.storedSums(keys, year, query);
        const counted = await repo.storedCounters(keys, year, query);
        const read = Date.now();
        const result = compareSummaries(raw, stored, counted);
        const compared = Date.now();
        const counters = [...result.counters.values()].filter((e) => e[N] !== 0);
        await repo.replaceYear(query, keys, year, counters, now);
        return rebuildResult(year, result, true, [started, read, compared]);
      }),
    );
  }
}

/** What a check or rebuild found, and how long it read, compared and replaced (seconds). */
function rebuildResult(
  year: number,
  result: ReturnType<typeof compareSummaries>,
  replaced: boolean,
  [started, read, compared]: [number, number, number],
) {
  const now = Date.now();
  return {
    year,
    items: result.items,
    consistent: result.differences.length === 0,
    differences: result.differences,
    replaced,
    seconds: (now - started) / 1000,
    /** Reading (raw rows and summaries, side by side), comparing, replacing. */
    phases: {
      read: (read - started) / 1000,
      compare: (compared - read) / 1000,
      replace: replaced ? (now - compared) / 1000 : 0,
    },
  };
}

/**
 * The recomputed items (`rawGroups`) against the stored ones (by figure and month: the raw
 * groups' sums add up to them) and the counters they should make against the stored counters.
 */
function compareSummaries(raw: Raw[], storedRows: Raw[], counted: Raw[]) {
  const expected = new Map<string, ItemSum>();
  const counters = new Map<string, CounterRow>();
  let items = 0;
  for (const r of raw) {
    addItemSum(expected, r);
    const g = toItemGroup(r);
    addCounters(counters, g, g.n);
    items += g.n;
  }
  const stored = new Map<string, ItemSum>();
  for (const r of storedRows) addItemSum(stored, r);

  const differences = new Map<string, Difference>();
  const differ = (metric: string) => {
    const d = differences.get(metric) ?? { metric, missing: 0, extra: 0, changed: 0, counters: 0 };
    differences.set(metric, d);
    return d;
  };
  for (const [k, e] of expected) {
    const s = stored.get(k);
    stored.delete(k);
    if (!s) differ(e.key).missing += e.n;
    else if (s.n < e.n) differ(e.key).missing += e.n - s.n;
    else if (s.n > e.n) differ(e.key).extra += s.n - e.n;
    else if (s.ids !== e.ids || s.fingerprint !== e.fingerprint) differ(e.key).changed += 1;
  }
  for (const s of stored.values()) differ(s.key).extra += s.n;

  const seen = new Set<string>();
  for (const r of counted) {
    const k = [r.dim, r.month, r.k, r.value, r.numMonth, r.pendingMonth].map(String).join('\u0000');
    seen.add(k);
    if (counters.get(k)?.[N] !== Number(r.n)) differ(String(r.k)).counters += 1;
  }
  for (const [k, e] of counters) if (!seen.has(k) && e[N] !== 0) differ(e[2]).counters += 1;
  return { items, counters, differences: [...differences.values()] };
}
