import { createHash } from 'node:crypto';
import { makeUnit } from '@app/testing';
import { caseApi, type CaseJson } from '../support/cases';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * An attacker holding the application's own database account: it can drop the append-only
 * triggers, rewrite rows and recompute any unkeyed hash. None of that may verify as intact.
 */
describe('tamper evidence (e2e, real MariaDB)', () => {
  let t: TestApp;
  let api: ReturnType<typeof caseApi>;
  let reception: string;
  let officer: string;
  let handler: string;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(new Date('2022-03-01T02:00:00Z'));
    api = caseApi(t);
    reception = (await t.tokenFor('reception')).token;
    officer = (await t.tokenFor('officer')).token;
    const unit = (await makeUnit(t.app, { name: '区住房和城乡建设局' })).id;
    handler = (await t.tokenFor('unit_handler', unit)).token;
  });
  afterAll(async () => {
    await restoreTriggers();
    await t.close();
  });

  interface EventRow {
    id: number;
    seq: number;
    type: string;
    actor_id: number | null;
    at: Date;
    from_status: string | null;
    to_status: string | null;
    data: string;
    prev_hash: string;
    hash: string;
  }

  const ok = async (res: Promise<{ statusCode: number; body: string; json<T>(): T }>) => {
    const r = await res;
    if (r.statusCode !== 200 && r.statusCode !== 201) throw new Error(`${r.statusCode} ${r.body}`);
    return r.json<CaseJson>();
  };

  /** A case the unit has answered: registered, transferred, accepted, answered. */
  async function answeredCase(): Promise<CaseJson> {
    const c = await ok(api.register(reception));
    await ok(
      api.act(officer, c.id, 'transfer', {
        unitId: (await unitOf()).id,
        instructions: '请依法处理',
      }),
    );
    await ok(api.act(handler, c.id, 'accept'));
    return ok(
      api.act(handler, c.id, 'answer', {
        decision: 'support',
        facts: '经查，电梯确有故障，已责成物业维修。',
        basis: '《物业管理条例》',
        deliveryMethod: 'in_person',
        deliveredAt: t.clock.now().toISOString(),
      }),
    );
  }
  const unitOf = async () => {
    const [u] = await t.db.query<{ id: number }[]>(
      "SELECT id FROM units WHERE name = '区住房和城乡建设局'",
    );
    return u;
  };

  const events = (caseId: number) =>
    t.db.query<EventRow[]>('SELECT * FROM case_events WHERE case_id = ? ORDER BY seq', [caseId]);

  const verify = async (caseId: number, token = officer) => {
    const res = await t.request('GET', `/api/v1/cases/${caseId}/timeline/verify`, { token });
    expect(res.statusCode).toBe(200);
    return res.json<{ intact: boolean; brokenAt: number | null; kind: string | null }>();
  };
  const timelineIntact = async (caseId: number) =>
    (await t.request('GET', `/api/v1/cases/${caseId}/timeline`, { token: officer })).json<{
      chainIntact: boolean;
    }>().chainIntact;

  /** What anyone can compute without a key: SHA-256 over the previous hash and the event. */
  const canonical = (value: unknown): string => {
    if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
    if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  };
  const unkeyedHash = (prev: string, e: Omit<EventRow, 'id' | 'prev_hash' | 'hash'>) =>
    createHash('sha256')
      .update(prev)
      .update(
        canonical({
          seq: e.seq,
          type: e.type,
          actorId: e.actor_id,
          at: new Date(e.at).toISOString(),
          fromStatus: e.from_status,
          toStatus: e.to_status,
          data: JSON.parse(e.data) as unknown,
        }),
      )
      .digest('hex');

  async function dropTriggers(): Promise<void> {
    await t.db.query('DROP TRIGGER IF EXISTS case_events_no_update');
    await t.db.query('DROP TRIGGER IF EXISTS case_events_no_delete');
  }
  async function restoreTriggers(): Promise<void> {
    await dropTriggers();
    await t.db.query(`CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events FOR EACH ROW
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'case_events is append-only'`);
    await t.db.query(`CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events FOR EACH ROW
        SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'case_events is append-only'`);
  }

  it('an untouched case verifies, for the bureau and for the unit that holds it', async () => {
    const c = await answeredCase();
    expect(await verify(c.id)).toEqual({ intact: true, brokenAt: null, kind: null });
    expect(await verify(c.id, handler)).toEqual({ intact: true, brokenAt: null, kind: null });
    expect(await timelineIntact(c.id)).toBe(true);
  });

  it('a rewritten answer with the whole chain recomputed (unkeyed SHA-256) does not verify', async () => {
    const c = await answeredCase();
    const rows = await events(c.id);
    const answer = rows.find((e) => e.type === 'answered')!;
    await dropTriggers();
    try {
      let prev = rows[answer.seq - 2].hash;
      for (const e of rows.slice(answer.seq - 1)) {
        const data =
          e.seq === answer.seq
            ? JSON.stringify({ ...JSON.parse(e.data), decision: 'reject' })
            : e.data;
        const hash = unkeyedHash(prev, { ...e, data });
        await t.db.query('UPDATE case_events SET data = ?, prev_hash = ?, hash = ? WHERE id = ?', [
          data,
          prev,
          hash,
          e.id,
        ]);
        prev = hash;
      }
      await t.db.query(
        "UPDATE cases SET answer_decision = 'reject', last_event_hash = ? WHERE id = ?",
        [prev, c.id],
      );
    } finally {
      await restoreTriggers();
    }
    expect(await timelineIntact(c.id)).toBe(false);
    expect(await verify(c.id)).toEqual({ intact: false, brokenAt: answer.seq, kind: 'altered' });
  });

  it('deleting the newest event is found', async () => {
    const c = await answeredCase();
    const rows = await events(c.id);
    await dropTriggers();
    try {
      await t.db.query('DELETE FROM case_events WHERE id = ?', [rows.at(-1)!.id]);
    } finally {
      await restoreTriggers();
    }
    expect(await timelineIntact(c.id)).toBe(false);
    expect(await verify(c.id)).toEqual({
      intact: false,
      brokenAt: rows.length,
      kind: 'deleted_tail',
    });
  });

  it('an event forged with SQL while the triggers are on is found, head moved or not', async () => {
    const c = await answeredCase();
    const rows = await events(c.id);
    const last = rows.at(-1)!;
    const forged = {
      seq: last.seq + 1,
      type: 'closed',
      actor_id: last.actor_id,
      at: new Date(t.clock.now().getTime() + 60_000),
      from_status: 'answered',
      to_status: 'closed',
      data: JSON.stringify({}),
    };
    const hash = unkeyedHash(last.hash, forged);
    await t.db.query(
      `INSERT INTO case_events (case_id, seq, type, actor_id, at, from_status, to_status, data,
                                prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [c.id, forged.seq, forged.type, forged.actor_id, forged.at, forged.from_status,
        forged.to_status, forged.data, last.hash, hash], // prettier-ignore
    );
    expect(await timelineIntact(c.id)).toBe(false);
    expect(await verify(c.id)).toEqual({ intact: false, brokenAt: forged.seq, kind: 'inserted' });
    await t.db.query(
      "UPDATE cases SET status = 'closed', event_count = ?, last_event_hash = ? WHERE id = ?",
      [forged.seq, hash, c.id],
    );
    expect(await timelineIntact(c.id)).toBe(false);
    expect(await verify(c.id)).toEqual({ intact: false, brokenAt: forged.seq, kind: 'inserted' });
  });
});
