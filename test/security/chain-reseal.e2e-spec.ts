import { CaseChainService, eventHash, genesisHash, LegacyChainResealer } from '@app/cases';
import { makeUnit } from '@app/testing';
import { caseApi, type CaseJson } from '../support/cases';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * `chain rechain` after the keyed-chain upgrade: a case written under the old unkeyed rule that
 * still verifies there is sealed again under the key; one already broken stays broken; the
 * append-only triggers are back afterwards.
 */
describe('resealing the unkeyed chains (e2e, real MariaDB)', () => {
  let t: TestApp;
  let chain: CaseChainService;
  const made: CaseJson[] = [];

  const triggers = async (drop: boolean) => {
    await t.db.query('DROP TRIGGER IF EXISTS case_events_no_update');
    await t.db.query('DROP TRIGGER IF EXISTS case_events_no_delete');
    if (drop) return;
    for (const op of ['update', 'delete']) {
      await t.db
        .query(`CREATE TRIGGER case_events_no_${op} BEFORE ${op.toUpperCase()} ON case_events
        FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'case_events is append-only'`);
    }
  };

  /** Rewrites the case as the unkeyed chain had it (each hash over the one before, no MAC). */
  async function unkeyed(c: CaseJson, tamperSeq?: number): Promise<void> {
    let prev = genesisHash(c.caseNo);
    for (const e of await chain.events(c.id)) {
      const hash = eventHash(prev, e);
      await t.db.query('UPDATE case_events SET prev_hash = ?, hash = ? WHERE id = ?', [
        prev,
        e.seq === tamperSeq ? hash.replace(/^./, (ch) => (ch === '0' ? '1' : '0')) : hash,
        e.id,
      ]);
      prev = hash;
    }
    await t.db.query("UPDATE cases SET last_event_hash = ?, head_mac = '' WHERE id = ?", [
      prev,
      c.id,
    ]);
  }

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(new Date('2022-03-01T02:00:00Z'));
    chain = t.app.get(CaseChainService);
    const api = caseApi(t);
    const officer = (await t.tokenFor('officer')).token;
    const unit = (await makeUnit(t.app)).id;
    for (let i = 0; i < 3; i++) {
      const c = (await api.register(officer)).json<CaseJson>();
      await api.act(officer, c.id, 'transfer', { unitId: unit });
      made.push(c);
    }
    await triggers(true);
    await unkeyed(made[0]);
    await unkeyed(made[1], 2);
    await triggers(false);
  });
  afterAll(async () => {
    await triggers(false);
    await t.close();
  });

  it('seals the intact unkeyed case under the key, leaves the broken one, then puts the triggers back', async () => {
    expect((await chain.verify(made[0].id)).intact).toBe(false);
    const outcome = await t.app.get(LegacyChainResealer).reseal();
    expect(outcome).toEqual({
      sealed: 1,
      broken: [{ caseId: made[1].id, caseNo: made[1].caseNo, brokenAt: 2 }],
    });
    expect(await chain.verify(made[0].id)).toEqual({ intact: true, brokenAt: null, kind: null });
    expect((await chain.verify(made[1].id)).intact).toBe(false);
    expect(await chain.verify(made[2].id)).toEqual({ intact: true, brokenAt: null, kind: null });
    await expect(
      t.db.query('UPDATE case_events SET hash = hash WHERE case_id = ?', [made[0].id]),
    ).rejects.toThrow(/append-only/);

    // A second run finds only the broken case again.
    expect(await t.app.get(LegacyChainResealer).reseal()).toEqual({
      sealed: 0,
      broken: [{ caseId: made[1].id, caseNo: made[1].caseNo, brokenAt: 2 }],
    });
  });
});
