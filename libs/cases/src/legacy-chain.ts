import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CaseChainService } from './case-chain.service';
import { ChainKey, firstBrokenLegacyLink } from './event-chain';

export interface ResealOutcome {
  /** Cases of the unkeyed chain that still verified and are now sealed under the key. */
  sealed: number;
  /** Cases of the unkeyed chain that did not verify: left as they are (they show as broken). */
  broken: { caseId: number; caseNo: string; brokenAt: number }[];
}

const TRIGGERS = [
  `CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events FOR EACH ROW
     SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'case_events is append-only'`,
  `CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events FOR EACH ROW
     SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'case_events is append-only'`,
];

/**
 * `chain rechain`, once after upgrading to the keyed chain: each case written before it (an
 * empty `head_mac`) is walked under the old unkeyed rule and, only if it still verifies there and
 * matches its case row, sealed again under the key; a chain already broken stays broken. The
 * events must be rewritten, so this lifts the append-only triggers for the run and puts them back:
 * it needs the migration user (TRIGGER privilege), with the API and worker stopped.
 */
@Injectable()
export class LegacyChainResealer {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly key: ChainKey,
    private readonly chain: CaseChainService,
  ) {}

  async reseal(): Promise<ResealOutcome> {
    const cases = await this.db.query<
      { id: number | string; caseNo: string; eventCount: number; lastEventHash: string }[]
    >(
      `SELECT id, case_no AS caseNo, event_count AS eventCount, last_event_hash AS lastEventHash
         FROM cases WHERE head_mac = '' ORDER BY id`,
    );
    const outcome: ResealOutcome = { sealed: 0, broken: [] };
    if (cases.length === 0) return outcome;
    await this.db.query('DROP TRIGGER IF EXISTS case_events_no_update');
    await this.db.query('DROP TRIGGER IF EXISTS case_events_no_delete');
    try {
      for (const row of cases) {
        const c = { ...row, id: Number(row.id), eventCount: Number(row.eventCount) };
        const events = await this.chain.events(c.id);
        const brokenAt =
          firstBrokenLegacyLink(c.caseNo, events) ??
          (events.length !== c.eventCount || events.at(-1)?.hash !== c.lastEventHash
            ? events.length + 1
            : null);
        if (brokenAt !== null) {
          outcome.broken.push({ caseId: c.id, caseNo: c.caseNo, brokenAt });
          continue;
        }
        const sealed = this.key.chainFrom(c.id, events);
        await this.db.transaction(async (m) => {
          for (const e of sealed.events) {
            await m.query(
              'UPDATE case_events SET prev_hash = ?, hash = ? WHERE case_id = ? AND seq = ?',
              [e.prevHash, e.hash, c.id, e.seq],
            );
          }
          await m.query('UPDATE cases SET last_event_hash = ?, head_mac = ? WHERE id = ?', [
            sealed.head.lastEventHash,
            sealed.head.headMac,
            c.id,
          ]);
        });
        outcome.sealed++;
      }
    } finally {
      await this.db.query('DROP TRIGGER IF EXISTS case_events_no_update');
      await this.db.query('DROP TRIGGER IF EXISTS case_events_no_delete');
      for (const sql of TRIGGERS) await this.db.query(sql);
    }
    return outcome;
  }
}
