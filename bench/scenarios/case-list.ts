import { rows } from '../lib/database';
import { listParameters } from '../lib/list-parameters';
import { measureShapes, shapesReport, type ReadShape } from '../lib/read-shapes';
import { BENCH } from '../lib/config';
import { int } from '../lib/stats';
import type { Scenario } from '../lib/types';

const CHANNELS = ['online', 'visit', 'letter', 'call', 'fax'];
const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)];

/** Months from 2022-01 to the current one, as Asia/Shanghai month boundaries. */
function months(): { from: string; to: string }[] {
  const out: { from: string; to: string }[] = [];
  const now = new Date(Date.now() + 8 * 3_600_000);
  for (
    let y = 2022, m = 1;
    y < now.getUTCFullYear() || (y === now.getUTCFullYear() && m <= now.getUTCMonth() + 1);
  ) {
    const ny = m === 12 ? y + 1 : y;
    const nm = m === 12 ? 1 : m + 1;
    const iso = (yy: number, mm: number) =>
      `${yy}-${String(mm).padStart(2, '0')}-01T00:00:00+08:00`;
    out.push({ from: iso(y, m), to: iso(ny, nm) });
    y = ny;
    m = nm;
  }
  return out;
}

export const scenario: Scenario = {
  name: 'case-list',
  title: 'case-list — filtered case lists at the generated data set',
  order: 10,
  needsDataset: true,
  async run(ctx) {
    const { unitIds, busiest, second } = await listParameters(ctx.sql);
    const monthList = months();

    const shapes: ReadShape[] = [
      {
        id: 'newest',
        label: 'first page, no filter',
        pattern: 'limit=20',
        role: 'officer',
        params: () => ({ limit: '20' }),
      },
      {
        id: 'status-unit',
        label: "a unit's cases in handling",
        pattern: 'status=accepted&unitId=<unit>&limit=20',
        role: 'officer',
        params: () => ({ status: 'accepted', unitId: pick(unitIds), limit: '20' }),
      },
      {
        id: 'channel-month',
        label: 'one channel in one month (2022–now)',
        pattern:
          'channel=<channel>&registeredFrom=<month start>&registeredTo=<next month>&limit=20',
        role: 'officer',
        params: () => {
          const m = pick(monthList);
          return {
            channel: pick(CHANNELS),
            registeredFrom: m.from,
            registeredTo: m.to,
            limit: '20',
          };
        },
      },
      {
        id: 'overdue',
        label: 'overdue cases (nearest clock past due)',
        pattern: 'overdue=true&limit=20',
        role: 'supervisor',
        params: () => ({ overdue: 'true', limit: '20' }),
      },
      {
        id: 'category',
        label: 'a second-level category (prefix)',
        pattern: 'categoryCode=<4 digits>&limit=20',
        role: 'officer',
        params: () => ({ categoryCode: pick(second), limit: '20' }),
      },
      {
        id: 'unit-inbox',
        label: "a unit handler's own inbox (scoped to cases handed to the unit)",
        pattern: 'status=transferred,assigned,accepted&limit=20',
        role: 'unit_handler',
        unitId: busiest,
        params: () => ({ status: 'transferred,assigned,accepted', limit: '20' }),
        diagnosis:
          'Each statement is fast alone (see the list above), so the tail comes from contention: several ' +
          'round trips per request, two of them carrying a 500-id list that the API builds and MariaDB parses, ' +
          'on an API thread near a full core that shares 2 cores with MariaDB. Fix: one statement driven by ' +
          'the hand-over index — `SELECT c.id FROM case_hops h STRAIGHT_JOIN cases c ON c.id = h.case_id WHERE ' +
          'h.unit_id = ? AND c.status IN (…) [AND h.case_id < :after] GROUP BY h.case_id ORDER BY h.case_id ' +
          'DESC LIMIT 21` walks `ix_case_hops_unit_case` backwards and stops after 21 matches (checked by hand ' +
          'on this data set, 2026-11-26: 0.4–0.9 ms warm, 22 hop entries read, for the busiest unit).',
      },
    ];
    const measured = await measureShapes(ctx, shapes);
    const [{ n }] = await rows<{ n: number }>(ctx.sql, 'SELECT COUNT(*) AS n FROM cases');
    return shapesReport(
      measured,
      `${int(Number(n))} cases in the database; ${BENCH.readConnections} concurrent connections, ` +
        `${BENCH.readSeconds} s per shape after ${BENCH.warmupSeconds} s of unmeasured warm-up; every ` +
        `request draws new parameters (unit, channel, month, category) at random. Latency is the HTTP ` +
        `round trip of the whole request (auth, validation, list query, first-petitioner names, JSON).`,
    );
  },
};
