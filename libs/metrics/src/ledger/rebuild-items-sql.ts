import { addDays } from '@app/calendar';
import { periodInstants, yearPeriod } from '../metric-math';
import { HANDED_DOWN_STATUTORY_DAYS } from '../metric-sources';

/**
 * The summaries' items of a year computed in SQL, straight from the raw tables: the same rows the
 * repository's loaders read for that year and the same decisions as each figure's `classify`
 * (taken with an unbounded period and "now", as `ledgerRows` does), so a year can be checked and
 * rebuilt without carrying millions of rows through JavaScript. The random-walk e2e test holds
 * the two together: the writers keep the summaries with `classify`, the check recomputes them
 * here, and any difference fails it.
 *
 * Each source's rows of the year are read from the raw tables once, into a session temporary
 * table in memory (`metric_src_<source>`, columns `id, day, unit_id, channel, source_level` and
 * what its figures decide on); each figure's items are then a SELECT over that table yielding the
 * columns of `metric_items` in its order: metric_key, item_id, day, month, unit_id, channel,
 * source_level, num_day, pending_due.
 */
export interface ItemsSql {
  sql: string;
  params: unknown[];
}

/** The Shanghai day of a stored UTC instant (Asia/Shanghai has kept +08:00 since 1991). */
const day = (column: string) => `DATE(${column} + INTERVAL 8 HOUR)`;
const FROM_ABOVE = "('national', 'provincial', 'municipal')";
/** `evaluationDay`: a rating's Shanghai day; a lapse's is the day its window ended at 24:00. */
const EVALUATION_DAY = `CASE WHEN c.evaluation = 'lapsed'
  THEN DATE(c.evaluated_at + INTERVAL 8 HOUR - INTERVAL 1000 MICROSECOND)
  ELSE ${day('c.evaluated_at')} END`;
/** Met on time: the clock was satisfied by its due time. */
const MET_ON_TIME =
  "(k.status = 'satisfied' AND k.ended_at IS NOT NULL AND k.ended_at <= k.due_at)";

export type ItemSource =
  'registered' | 'evaluated' | 'triage' | 'handling' | 'handedDown' | 'letters' | 'reviews';

/** Where a row's shared locks go in a source's SELECT (each part of a UNION takes its own). */
export const LOCK = '/*lock*/';

/**
 * A source's rows of a year as the SELECT that fills its temporary table. The index on the
 * column that places a row in the year is forced: a year is a fifth of the table or more, and the
 * optimizer would rather scan the whole table (every case's every column, gigabytes at scale)
 * than range over the index and fetch the year's rows, which lie close together by id.
 */
function sourceSql(source: ItemSource, year: number, idRange: [number, number] | null): ItemsSql {
  const period = yearPeriod(year);
  const { fromAt, toAt } = periodInstants(period);
  const caseColumns = 'c.responsible_unit_id AS unit_id, c.channel, c.source_level';
  switch (source) {
    case 'registered':
      return {
        sql: `SELECT c.id, ${day('c.registered_at')} AS day, ${caseColumns}, c.source,
                     c.\`repeat\` AS is_repeat, c.collective, c.skip_level
                FROM cases c FORCE INDEX (ix_cases_registered)
               WHERE c.registered_at >= ? AND c.registered_at < ? AND c.review_kind IS NULL`,
        params: [fromAt, toAt],
      };
    case 'evaluated':
      // Evaluation times do not follow the ids: through the index every row is a page read
      // from anywhere. The ids evaluated in a year lie close together, so their id range is
      // read in order instead where it is not much wider than the rows it holds.
      // A lapse is recorded at its window's end, 24:00 of the window's last day, and belongs to
      // that day (`evaluationDay`): a year's evaluations are read to 24:00 of 31 December
      // inclusive, and placed by their day.
      return {
        sql: `SELECT c.id, ${EVALUATION_DAY} AS day, ${caseColumns}, c.evaluation
                FROM cases c FORCE INDEX (${idRange ? 'PRIMARY' : 'ix_cases_evaluated'})
               WHERE ${idRange ? 'c.id BETWEEN ? AND ? AND ' : ''}c.evaluated_at >= ?
                 AND c.evaluated_at <= ? AND c.evaluation IS NOT NULL
                 AND ${EVALUATION_DAY} BETWEEN ? AND ?`,
        params: [...(idRange ?? []), fromAt, toAt, period.from, period.to],
      };
    case 'triage':
      // the bureau's own clock: the first triage clock of a case
      return {
        sql: `SELECT c.id, k.due_date AS day, ${caseColumns}, c.\`repeat\` AS is_repeat,
                     k.status, ${MET_ON_TIME} AS met, k.due_at
                FROM clocks k FORCE INDEX (ix_clocks_kind_due_date) JOIN cases c ON c.id = k.case_id
               WHERE k.kind = 'triage' AND k.due_date BETWEEN ? AND ?
                 AND NOT EXISTS (SELECT 1 FROM clocks k2
                                  WHERE k2.case_id = k.case_id AND k2.kind = 'triage'
                                    AND k2.id < k.id)`,
        params: [period.from, period.to],
      };
    case 'handling':
      // the latest handling clock not cancelled, charged to its hop's unit
      return {
        sql: `SELECT c.id, k.due_date AS day, h.unit_id, c.channel, c.source_level, c.source,
                     ${MET_ON_TIME} AS met, ${day('c.closed_at')} AS closed_day
                FROM clocks k FORCE INDEX (ix_clocks_kind_due_date) JOIN cases c ON c.id = k.case_id
                LEFT JOIN case_hops h ON h.id = k.hop_id
               WHERE k.kind = 'handling' AND k.status <> 'cancelled' AND k.due_date BETWEEN ? AND ?
                 AND NOT EXISTS (SELECT 1 FROM clocks k2
                                  WHERE k2.case_id = k.case_id AND k2.kind = 'handling'
                                    AND k2.status <> 'cancelled' AND k2.id > k.id)`,
        params: [period.from, period.to],
      };
    case 'handedDown': {
      // A handed-down case's deadline (`handedDownDeadline`): the upper office's 办理期限, else its
      // latest handling clock not cancelled, else registration day + the statutory days. Three
      // parts, each over its own index: by 办理期限, by the clock's due date, by registration.
      const latest = `k.kind = 'handling' AND k.status <> 'cancelled'
          AND NOT EXISTS (SELECT 1 FROM clocks k2
                           WHERE k2.case_id = k.case_id AND k2.kind = 'handling'
                             AND k2.status <> 'cancelled' AND k2.id > k.id)`;
      const select = (dayColumn: string) => `SELECT c.id, ${dayColumn} AS day,
              IF(k.id IS NULL, c.responsible_unit_id, h.unit_id) AS unit_id, c.channel,
              c.source_level, ${day('c.closed_at')} AS closed_day`;
      const handedDown = `c.source <> 'direct' AND c.source_level IN ${FROM_ABOVE}
          AND c.review_kind IS NULL`;
      const registered = periodInstants({
        from: addDays(period.from, -HANDED_DOWN_STATUTORY_DAYS),
        to: addDays(period.to, -HANDED_DOWN_STATUTORY_DAYS),
      });
      return {
        sql: `(${select('c.provincial_due_date')}
                 FROM cases c FORCE INDEX (ix_cases_provincial_due)
                 LEFT JOIN clocks k ON k.case_id = c.id AND ${latest}
                 LEFT JOIN case_hops h ON h.id = k.hop_id
                WHERE c.provincial_due_date BETWEEN ? AND ? AND ${handedDown}${LOCK})
              UNION ALL
              (${select('k.due_date')}
                 FROM clocks k FORCE INDEX (ix_clocks_kind_due_date)
                 JOIN cases c ON c.id = k.case_id
                 LEFT JOIN case_hops h ON h.id = k.hop_id
                WHERE k.due_date BETWEEN ? AND ? AND ${latest}
                  AND c.provincial_due_date IS NULL AND ${handedDown}${LOCK})
              UNION ALL
              (${select(`DATE(c.registered_at + INTERVAL 8 HOUR) + INTERVAL ${HANDED_DOWN_STATUTORY_DAYS} DAY`)}
                 FROM cases c FORCE INDEX (ix_cases_registered)
                 LEFT JOIN clocks k ON k.case_id = c.id AND ${latest}
                 LEFT JOIN case_hops h ON h.id = k.hop_id
                WHERE c.registered_at >= ? AND c.registered_at < ? AND k.id IS NULL
                  AND c.provincial_due_date IS NULL AND ${handedDown}${LOCK})`,
        params: [
          period.from,
          period.to,
          period.from,
          period.to,
          registered.fromAt,
          registered.toAt,
        ],
      };
    }
    case 'letters':
      return {
        sql: `SELECT l.id, ${day('l.issued_at')} AS day, l.unit_id,
                     CAST(NULL AS CHAR(10)) AS channel, CAST(NULL AS CHAR(12)) AS source_level,
                     l.status, l.replied_at IS NOT NULL AS replied, l.replied_on_time,
                     l.reply_due_at
                FROM supervision_letters l FORCE INDEX (ix_supervision_letters_issued) WHERE l.issued_at >= ? AND l.issued_at < ?`,
        params: [fromAt, toAt],
      };
    case 'reviews':
      return {
        sql: `SELECT r.case_id AS id, ${day('r.delivered_at')} AS day,
                     o.responsible_unit_id AS unit_id, c.channel, o.source_level
                FROM case_reviews r JOIN cases c ON c.id = r.case_id
                JOIN cases o ON o.id = r.original_case_id
               WHERE r.delivered_at >= ? AND r.delivered_at < ?`,
        params: [fromAt, toAt],
      };
  }
}

interface ItemSqlDefinition {
  source: ItemSource;
  /** Rows of the source that are in the figure's population. */
  where: string;
  /** When the row is in the numerator (as of an unbounded period). */
  num: string;
  /** The day it enters the numerator (default: its own day). */
  numDay?: string;
  /** From when a now-dependent item counts (default: it counts now). */
  pendingDue?: string;
  /** The unit it is grouped under (default: the source's `unit_id`). */
  unit?: string;
}

const registered = (where: string, num = 'TRUE'): ItemSqlDefinition => ({
  source: 'registered',
  where,
  num,
});

/** One entry per figure kept in the summaries (`LEDGER_METRICS`); the spec checks the list. */
export const ITEMS_SQL: Record<string, ItemSqlDefinition> = {
  systemClosureRate: {
    source: 'handedDown',
    where: 'TRUE',
    num: 'closed_day IS NOT NULL',
    numDay: 'closed_day',
  },
  timelyTriageRate: {
    source: 'triage',
    where: "is_repeat = 0 AND status <> 'cancelled'",
    num: 'met',
    unit: 'NULL',
    pendingDue: "CASE WHEN status = 'running' THEN due_at END",
  },
  onTimeAnswerRate: { source: 'handling', where: 'TRUE', num: 'met' },
  evaluationRate: { source: 'evaluated', where: 'TRUE', num: "evaluation <> 'lapsed'" },
  satisfactionRate: {
    source: 'evaluated',
    where: "evaluation <> 'lapsed'",
    num: "evaluation IN ('satisfied', 'basically_satisfied')",
  },
  repeatRate: registered('TRUE', 'is_repeat = 1'),
  onlineShare: registered('TRUE', "channel = 'online'"),
  casesRegistered: registered('TRUE'),
  assignedFromAbove: registered(`source = 'assigned' AND source_level IN ${FROM_ABOVE}`),
  collectiveVisits: registered("channel = 'visit' AND collective = 1"),
  skipLevelVisits: registered("channel = 'visit' AND skip_level = 1"),
  reviewsHandled: { source: 'reviews', where: 'TRUE', num: 'TRUE' },
  lettersIssued: { source: 'letters', where: "status <> 'voided'", num: 'TRUE' },
  letterOnTimeReplyRate: {
    source: 'letters',
    where: "status <> 'voided'",
    num: 'replied AND replied_on_time = 1',
    pendingDue: 'CASE WHEN NOT replied THEN reply_due_at END',
  },
};

const tableOf = (source: ItemSource) => `metric_src_${source}`;

/**
 * Fills the temporary tables of the sources these figures read (a year's raw rows, each table
 * read once; with `lock`, with shared locks kept to the end of the transaction) and returns the
 * statement that drops them again.
 */
export async function loadItemSources(
  query: (sql: string, params: unknown[]) => Promise<unknown>,
  keys: readonly string[],
  year: number,
  lock: boolean,
): Promise<string> {
  const sources = [...new Set(keys.map((k) => definition(k).source))];
  const tables = sources.map(tableOf).join(', ');
  await query(`DROP TEMPORARY TABLE IF EXISTS ${tables}`, []);
  // a year's rows of one source fit in memory many times over; the session's limit only
  await query('SET SESSION max_heap_table_size = 4294967296', []);
  for (const source of sources) {
    const { sql, params } = sourceSql(
      source,
      year,
      source === 'evaluated' ? await evaluatedIdRange(query, year) : null,
    );
    const locks = lock ? ' LOCK IN SHARE MODE' : '';
    await query(
      `CREATE TEMPORARY TABLE ${tableOf(source)} ENGINE=MEMORY
       ${sql.includes(LOCK) ? sql.replaceAll(LOCK, locks) : sql + locks}`,
      params,
    );
  }
  return `DROP TEMPORARY TABLE IF EXISTS ${tables}`;
}

/** The ids of the cases evaluated in the year, when reading their range in order pays. */
async function evaluatedIdRange(
  query: (sql: string, params: unknown[]) => Promise<unknown>,
  year: number,
): Promise<[number, number] | null> {
  const { fromAt, toAt } = periodInstants(yearPeriod(year));
  const [r] = (await query(
    `SELECT MIN(id) AS lo, MAX(id) AS hi, COUNT(*) AS n FROM cases FORCE INDEX (ix_cases_evaluated)
      WHERE evaluated_at >= ? AND evaluated_at <= ?`,
    [fromAt, toAt],
  )) as { lo: number | null; hi: number | null; n: number }[];
  const n = Number(r.n);
  if (r.lo === null || r.hi === null || n === 0) return null;
  const [lo, hi] = [Number(r.lo), Number(r.hi)];
  return hi - lo + 1 <= 4 * n ? [lo, hi] : null;
}

function definition(key: string): ItemSqlDefinition {
  const d = ITEMS_SQL[key];
  if (!d) throw new Error(`no SQL for the summaries of ${key}`);
  return d;
}

/** The SELECT of one figure's items from its source's temporary table (`loadItemSources`). */
export function itemsSql(key: string): ItemsSql {
  const d = definition(key);
  return {
    sql: `SELECT ? AS metric_key, id AS item_id, day, DATE_FORMAT(day, '%Y-%m') AS month,
                 ${d.unit ?? 'unit_id'} AS unit_id, channel, source_level,
                 CASE WHEN ${d.num} THEN ${d.numDay ?? 'day'} END AS num_day,
                 ${d.pendingDue ?? 'NULL'} AS pending_due
            FROM ${tableOf(d.source)} WHERE ${d.where}`,
    params: [key],
  };
}
