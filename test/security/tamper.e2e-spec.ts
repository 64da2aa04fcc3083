import { createHash } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import type { INestApplicationContext } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { ChainCheckpointService } from '@app/cases';
import { CASES_QUEUE, CasesJob } from '@app/queue';
import { makeUnit } from '@app/testing';
import { caseApi, type CaseJson } from '../support/cases';
import { startWorker, waitFor } from '../support/reminders';
import { ChainCliModule } from '../../apps/cli/src/chain.module';
import { runChain } from '../../apps/cli/src/chain';
import { NestFactory } from '@nestjs/core';
import { createTestApp, type TestApp } from '../support/test-app';

const DAY = 86_400_000;

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
  let admin: string;
  let worker: INestApplicationContext;
  let checkpoints: ChainCheckpointService;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(new Date('2022-03-01T02:00:00Z'));
    api = caseApi(t);
    reception = (await t.tokenFor('reception')).token;
    officer = (await t.tokenFor('officer')).token;
    const unit = (await makeUnit(t.app, { name: '区住房和城乡建设局' })).id;
    handler = (await t.tokenFor('unit_handler', unit)).token;
    admin = (await t.tokenFor('admin')).token;
    await t.app.get<Queue>(getQueueToken(CASES_QUEUE)).obliterate({ force: true });
    worker = await startWorker(t.clock);
    checkpoints = worker.get(ChainCheckpointService);
  });
  afterAll(async () => {
    await restoreTriggers();
    await worker.close();
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

  // ------------------------------------------------------------ the signed checkpoint of heads

  const headRow = async (caseId: number) =>
    (
      await t.db.query<{ event_count: number; last_event_hash: string; head_mac: string }[]>(
        'SELECT event_count, last_event_hash, head_mac FROM cases WHERE id = ?',
        [caseId],
      )
    )[0];

  it('a tail deleted with the case row set back (an old head replayed) is found by the checkpoint', async () => {
    const c = await ok(api.register(reception));
    await ok(
      api.act(officer, c.id, 'transfer', {
        unitId: (await unitOf()).id,
        instructions: '请依法处理',
      }),
    );
    const before = await headRow(c.id);
    await ok(api.act(handler, c.id, 'accept'));
    t.clock.advance(DAY);
    await checkpoints.take();
    const rows = await events(c.id);
    await dropTriggers();
    try {
      await t.db.query('DELETE FROM case_events WHERE id = ?', [rows.at(-1)!.id]);
      await t.db.query(
        "UPDATE cases SET status = 'transferred', event_count = ?, last_event_hash = ?, head_mac = ? WHERE id = ?",
        [before.event_count, before.last_event_hash, before.head_mac, c.id],
      );
    } finally {
      await restoreTriggers();
    }
    expect(await verify(c.id)).toEqual({
      intact: false,
      brokenAt: rows.length,
      kind: 'deleted_tail',
    });
  });

  it('a case dropped from the database (row and events) is found by the next checkpoint', async () => {
    const c = await answeredCase();
    t.clock.advance(DAY);
    const first = await checkpoints.take();
    expect(first.breaks.map((b) => b.caseId)).not.toContain(c.id);
    await dropTriggers();
    try {
      await t.db.query('DELETE FROM case_events WHERE case_id = ?', [c.id]);
      await t.db.query('DELETE FROM case_petitioners WHERE case_id = ?', [c.id]);
      await t.db.query('DELETE FROM clocks WHERE case_id = ?', [c.id]);
      await t.db.query('DELETE FROM case_hops WHERE case_id = ?', [c.id]);
      await t.db.query('DELETE FROM cases WHERE id = ?', [c.id]);
    } finally {
      await restoreTriggers();
    }
    t.clock.advance(DAY);
    const next = await checkpoints.take();
    expect(next.breaks).toContainEqual({
      caseId: c.id,
      caseNo: c.caseNo,
      brokenAt: 1,
      kind: 'missing_case',
    });
    expect(await checkpoints.verifyCase(c.id)).toEqual({
      intact: false,
      brokenAt: 1,
      kind: 'missing_case',
    });
  });

  it('the nightly job (a repeatable job of the worker) checkpoints and alerts every admin once', async () => {
    const queue = t.app.get<Queue>(getQueueToken(CASES_QUEUE));
    expect((await queue.getJobSchedulers()).map((s) => s.key)).toContain('cases-chain-checkpoint');
    const c = await answeredCase();
    const rows = await events(c.id);
    await dropTriggers();
    try {
      await t.db.query('DELETE FROM case_events WHERE id = ?', [rows.at(-1)!.id]);
    } finally {
      await restoreTriggers();
    }
    t.clock.advance(DAY);
    const [{ last }] = await t.db.query<{ last: number | null }[]>(
      'SELECT MAX(id) AS last FROM case_chain_checkpoints',
    );
    const inbox = async () =>
      (await t.request('GET', '/api/v1/notifications', { token: admin }))
        .json<{ items: { clockKind: string; title: string; body: string }[] }>()
        .items.filter((n) => n.clockKind === 'event_chain_break');
    const alertsBefore = (await inbox()).length;
    for (let run = 0; run < 2; run++) {
      const job = await queue.add(CasesJob.ChainCheckpoint, {});
      await waitFor(async () => ((await job.isCompleted()) ? true : undefined), 20_000, 'job');
    }
    const written = await t.db.query<{ id: number; breaks: number; signature: string }[]>(
      'SELECT id, breaks, signature FROM case_chain_checkpoints WHERE id > ?',
      [last ?? 0],
    );
    expect(written).toHaveLength(1);
    expect(written[0].breaks).toBeGreaterThan(0);
    const alerts = await inbox();
    expect(alerts).toHaveLength(alertsBefore + 1);
    expect(alerts[0].title).toContain('办理记录');
    expect(alerts[0].body).toContain(c.caseNo);
  });

  // ------------------------------------------------------------ the CLI

  async function cli(...args: string[]): Promise<{ code: number; out: string }> {
    const app = await NestFactory.createApplicationContext(ChainCliModule, { logger: false });
    const lines: string[] = [];
    try {
      const code = await runChain(app, args, (l) => lines.push(l));
      return { code, out: lines.join('\n') };
    } finally {
      await app.close();
    }
  }

  it('chain verify names the broken link of one case, and lists every broken case', async () => {
    const good = await answeredCase();
    expect(await cli('verify', String(good.id))).toMatchObject({ code: 0 });
    const bad = await answeredCase();
    const rows = await events(bad.id);
    await dropTriggers();
    try {
      await t.db.query('DELETE FROM case_events WHERE id = ?', [rows.at(-1)!.id]);
    } finally {
      await restoreTriggers();
    }
    const one = await cli('verify', String(bad.id));
    expect(one.code).toBe(2);
    expect(one.out).toContain(`"kind":"deleted_tail"`);
    expect(one.out).toContain(`"brokenAt":${rows.length}`);
    const all = await cli('verify');
    expect(all.code).toBe(2);
    expect(all.out).toContain(`${bad.caseNo}（id ${bad.id}）deleted_tail`);
    expect(all.out).not.toContain(good.caseNo);
  });

  it('chain rechain seals an old unkeyed chain that still holds, and leaves a broken one broken', async () => {
    const kept = await answeredCase();
    const tampered = await answeredCase();
    // Both as the unkeyed chain wrote them before the upgrade (no head tag)...
    await dropTriggers();
    try {
      for (const c of [kept, tampered]) {
        const [{ case_no: caseNo }] = await t.db.query<{ case_no: string }[]>(
          'SELECT case_no FROM cases WHERE id = ?',
          [c.id],
        );
        let prev = createHash('sha256').update(`case:${caseNo}`).digest('hex');
        for (const e of await events(c.id)) {
          const hash = unkeyedHash(prev, e);
          await t.db.query('UPDATE case_events SET prev_hash = ?, hash = ? WHERE id = ?', [
            prev,
            hash,
            e.id,
          ]);
          prev = hash;
        }
        await t.db.query("UPDATE cases SET last_event_hash = ?, head_mac = '' WHERE id = ?", [
          prev,
          c.id,
        ]);
      }
      // ...and one of them altered afterwards without recomputing anything.
      const answer = (await events(tampered.id)).find((e) => e.type === 'answered')!;
      await t.db.query('UPDATE case_events SET data = ? WHERE id = ?', [
        JSON.stringify({ ...JSON.parse(answer.data), decision: 'reject' }),
        answer.id,
      ]);
    } finally {
      await restoreTriggers();
    }
    expect((await verify(kept.id)).intact).toBe(false);

    const r = await cli('rechain');
    expect(r.out).toContain('已按密钥重新封存');
    expect(r.out).toContain(tampered.caseNo);
    expect(await verify(kept.id)).toEqual({ intact: true, brokenAt: null, kind: null });
    expect((await verify(tampered.id)).intact).toBe(false);
    // The append-only triggers are back.
    const triggers = await t.db.query<{ Trigger: string }[]>(
      "SHOW TRIGGERS WHERE `Table` = 'case_events'",
    );
    expect(triggers.map((x) => x.Trigger).sort()).toEqual([
      'case_events_no_delete',
      'case_events_no_update',
    ]);
  });
});
