import { countRows } from '@app/testing';
import { caseApi, caseBody, idNumber, phone, type CaseJson } from './support/cases';
import { createTestApp, expectError, type TestApp } from './support/test-app';

describe('case intake (e2e)', () => {
  let t: TestApp;
  let reception: string;
  let officer: string;
  let api: ReturnType<typeof caseApi>;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(new Date('2022-03-01T02:00:00Z'));
    reception = (await t.tokenFor('reception')).token;
    officer = (await t.tokenFor('officer')).token;
    api = caseApi(t);
  });
  afterAll(() => t.close());

  it('registers from every channel and source with a numbered case and a running triage clock', async () => {
    const channels = ['visit', 'letter', 'call', 'online', 'fax'];
    for (const channel of channels) {
      const res = await api.register(reception, { channel });
      expect(res.statusCode).toBe(201);
      const c = res.json<CaseJson>();
      expect(c.caseNo).toMatch(/^TS-2022-\d{6}$/);
      expect(c).toMatchObject({ status: 'registered', channel, version: 1 });
      expect(c.nextClock).toMatchObject({ kind: 'triage', overdue: false });
    }
    for (const [source, sourceLevel, externalRef] of [
      ['transferred', 'national', 'GJ-2022-0001'],
      ['assigned', 'provincial', 'SJ-2022-0002'],
      ['transferred', 'municipal', 'SH-2022-0003'],
    ]) {
      const res = await api.register(officer, { source, sourceLevel, externalRef });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ source, sourceLevel, externalRef });
    }
  });

  it('counts the triage clock from the Shanghai date, start day excluded, ending 24:00 Shanghai', async () => {
    // 2022-01-28 17:30Z is already 2022-01-29 in Shanghai: +15 calendar days = 2022-02-13.
    const res = await api.register(reception, { registeredAt: '2022-01-28T17:30:00.000Z' });
    const c = res.json<CaseJson>();
    const triage = c.clocks.find((k) => k.kind === 'triage')!;
    expect(triage).toMatchObject({
      dueDate: '2022-02-13',
      dueAt: '2022-02-13T16:00:00.000Z',
      status: 'running',
    });
  });

  it('refuses a second registration of the same provincial case number', async () => {
    await api.register(officer, {
      source: 'assigned',
      sourceLevel: 'provincial',
      externalRef: 'SJ-2022-DUP1',
    });
    const tables = ['cases', 'petitioners', 'case_petitioners', 'clocks', 'case_events'];
    const count = async () => Promise.all(tables.map((name) => countRows(t.db, name)));
    const before = await count();
    const [{ last_seq: seqBefore }] = await t.db.query<{ last_seq: number }[]>(
      "SELECT last_seq FROM case_number_sequences WHERE prefix = 'TS' AND year = 2022",
    );
    // The case insert fails after the petitioner rows of the same batch were written.
    expectError(
      await api.register(officer, {
        source: 'assigned',
        sourceLevel: 'provincial',
        externalRef: 'SJ-2022-DUP1',
      }),
      409,
      'EXTERNAL_REF_TAKEN',
    );
    expect(await count()).toEqual(before);
    // Every pooled connection is out of the failed transaction: the next registrations commit
    // and take the next number.
    const next = await Promise.all(Array.from({ length: 12 }, () => api.register(reception)));
    expect(next.map((r) => r.statusCode)).toEqual(Array(12).fill(201));
    const [{ last_seq: seqAfter }] = await t.db.query<{ last_seq: number }[]>(
      "SELECT last_seq FROM case_number_sequences WHERE prefix = 'TS' AND year = 2022",
    );
    expect(Number(seqAfter)).toBe(Number(seqBefore) + 12);
    // A half-written transaction left open would have been committed by the next START
    // TRANSACTION on its connection: its petitioner row would now stand without a case.
    const [{ n: orphans }] = await t.db.query<{ n: string }[]>(
      `SELECT COUNT(*) AS n FROM petitioners p
        WHERE NOT EXISTS (SELECT 1 FROM case_petitioners cp WHERE cp.petitioner_id = p.id)`,
    );
    expect(Number(orphans)).toBe(0);
  });

  it('numbers concurrent registrations without gaps or duplicates', async () => {
    const results = await Promise.all(Array.from({ length: 60 }, () => api.register(reception)));
    expect(results.every((r) => r.statusCode === 201)).toBe(true);
    const [{ n }] = await t.db.query<{ n: string }[]>(
      'SELECT COUNT(*) AS n FROM cases WHERE year = 2022',
    );
    const seqs = (
      await t.db.query<{ case_no: string }[]>('SELECT case_no FROM cases WHERE year = 2022')
    )
      .map((r) => Number(r.case_no.slice(-6)))
      .sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: Number(n) }, (_, i) => i + 1));
  });

  it('writes the first event with the number the database assigned: chain intact, 7 digits past 999999', async () => {
    await t.db.query(
      `INSERT INTO case_number_sequences (prefix, year, last_seq) VALUES ('TS', 2021, 999998)
       ON DUPLICATE KEY UPDATE last_seq = 999998`,
    );
    const numbers: string[] = [];
    for (const externalRef of ['GJ-2021-9001', undefined]) {
      const res = await api.register(officer, {
        registeredAt: '2021-12-30T02:00:00.000Z',
        ...(externalRef ? { source: 'transferred', sourceLevel: 'national', externalRef } : {}),
      });
      expect(res.statusCode).toBe(201);
      const c = res.json<CaseJson>();
      numbers.push(c.caseNo);
      const timeline = (
        await t.request('GET', `/api/v1/cases/${c.id}/timeline`, { token: officer })
      ).json<{ events: { type: string; data: { caseNo: string } }[]; chainIntact: boolean }>();
      expect(timeline.chainIntact).toBe(true);
      expect(timeline.events[0]).toMatchObject({ type: 'registered', data: { caseNo: c.caseNo } });
      const [row] = await t.db.query<{ case_no: string }[]>(
        'SELECT case_no FROM cases WHERE id = ?',
        [c.id],
      );
      expect(row.case_no).toBe(c.caseNo);
    }
    expect(numbers).toEqual(['TS-2021-999999', 'TS-2021-1000000']);
  });

  it('returns the first case for 1,000 parallel retries with one Idempotency-Key', async () => {
    const body = caseBody();
    const before = await countRows(t.db, 'cases');
    const headers = { 'idempotency-key': 'reception-retry-0001' };
    const results = await Promise.all(
      Array.from({ length: 1000 }, () =>
        t.request('POST', '/api/v1/cases', { token: reception, body, headers }),
      ),
    );
    expect(results.map((r) => r.statusCode).filter((s) => s !== 201)).toEqual([]);
    const ids = new Set(results.map((r) => r.json<CaseJson>().id));
    expect(ids.size).toBe(1);
    expect(await countRows(t.db, 'cases')).toBe(before + 1);
    expect(results.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(999);

    const other = await t.request('POST', '/api/v1/cases', {
      token: reception,
      body: caseBody(),
      headers,
    });
    expectError(other, 409, 'IDEMPOTENCY_KEY_REUSED');
  });

  it('stores ID number, phone and address encrypted; lists show them masked', async () => {
    const id = '440103199001011236';
    const tel = '13800138000';
    const c = (
      await api.register(reception, {
        petitioners: [
          {
            kind: 'person',
            name: '李四',
            idNumber: id,
            phone: tel,
            address: '广州市荔湾区中山八路1号',
          },
        ],
      })
    ).json<CaseJson>();
    expect(c.petitioners[0]).toMatchObject({
      idNumber: '4401**********1236',
      phone: '138****8000',
      masked: true,
    });

    const rows = await t.db.query<Record<string, unknown>[]>(
      'SELECT p.* FROM petitioners p JOIN case_petitioners cp ON cp.petitioner_id = p.id WHERE cp.case_id = ?',
      [c.id],
    );
    const raw = JSON.stringify(rows);
    expect(raw).not.toContain(id);
    expect(raw).not.toContain(tel);
    expect(raw).not.toContain('中山八路');

    const list = await t.request('GET', `/api/v1/cases?idNumber=${id}`, { token: officer });
    expect(list.json().items.map((i: { id: number }) => i.id)).toEqual([c.id]);
    expect(list.body).not.toContain(id);
    const byPhone = await t.request('GET', `/api/v1/cases?phone=${tel}`, { token: officer });
    expect(byPhone.json().items.map((i: { id: number }) => i.id)).toEqual([c.id]);
  });

  it('shows personal data in full only on an explicit, logged reveal by a permitted role', async () => {
    const id = idNumber();
    const c = (
      await api.register(reception, {
        petitioners: [{ kind: 'person', name: '王五', idNumber: id, phone: phone() }],
      })
    ).json<CaseJson>();
    const pid = c.petitioners[0].id;
    const url = `/api/v1/cases/${c.id}/petitioners/${pid}/reveal`;
    const before = await countRows(t.db, 'pii_access_logs');
    const res = await t.request('POST', url, {
      token: officer,
      body: { reason: '核实信访人身份' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ idNumber: id, masked: false });
    expect(await countRows(t.db, 'pii_access_logs')).toBe(before + 1);
    const handler = await t.tokenFor('unit_handler');
    expectError(
      await t.request('POST', url, { token: handler.token, body: { reason: 'x1' } }),
      403,
    );
  });

  it('marks a new case from the same person on the same matter as 重件 linked to the 初件', async () => {
    const person = { kind: 'person', name: '赵六', idNumber: idNumber(), phone: phone() };
    const first = (await api.register(reception, { petitioners: [person] })).json<CaseJson>();
    expect(first.repeat).toBe(false);
    const second = (await api.register(reception, { petitioners: [person] })).json<CaseJson>();
    expect(second).toMatchObject({ repeat: true, firstCaseId: first.id });
    const third = (
      await api.register(reception, { petitioners: [{ ...person, idNumber: undefined }] })
    ).json<CaseJson>();
    expect(third).toMatchObject({ repeat: true, firstCaseId: first.id }); // found by phone
    const otherMatter = (
      await api.register(reception, { petitioners: [person], categoryCode: '020101' })
    ).json<CaseJson>();
    expect(otherMatter.repeat).toBe(false);

    const unlinked = await api.act(officer, second.id, 'repeat-link', { firstCaseId: null });
    expect(unlinked.json()).toMatchObject({ repeat: false, firstCaseId: null });
    const linked = await api.act(officer, otherMatter.id, 'repeat-link', {
      firstCaseId: second.id,
    });
    expect(linked.json()).toMatchObject({ repeat: true, firstCaseId: second.id });

    const repeats = await t.request('GET', '/api/v1/cases?repeat=true&limit=200', {
      token: officer,
    });
    const ids = repeats.json().items.map((i: { id: number }) => i.id);
    expect(ids).toEqual(expect.arrayContaining([third.id, otherMatter.id]));
    expect(ids).not.toContain(second.id);
  });

  it('refuses bad input with 4xx and writes nothing', async () => {
    const five = Array.from({ length: 6 }, (_, i) => ({
      kind: 'person',
      name: `代表${i}`,
      representative: true,
    }));
    const cases: [Record<string, unknown>, number, string][] = [
      [{ channel: 'pigeon' }, 400, 'VALIDATION_FAILED'],
      [{ purpose: 'praise' }, 400, 'VALIDATION_FAILED'],
      [{ sourceLevel: 'galactic' }, 400, 'VALIDATION_FAILED'],
      [{ registeredAt: '2099-01-01T00:00:00Z' }, 400, 'REGISTERED_IN_FUTURE'],
      [{ personCount: 30, petitioners: five }, 400, 'TOO_MANY_REPRESENTATIVES'],
      [{ categoryCode: '999999' }, 400, 'UNKNOWN_CATEGORY'],
      [{ categoryCode: '010300' }, 400, 'UNKNOWN_CATEGORY'],
      [{ petitioners: [] }, 400, 'VALIDATION_FAILED'],
      [
        { petitioners: [{ kind: 'person', name: '甲', idNumber: '123' }] },
        400,
        'VALIDATION_FAILED',
      ],
      [{ source: 'assigned', sourceLevel: 'district' }, 400, 'SOURCE_LEVEL_MISMATCH'],
      [{ personCount: 0 }, 400, 'VALIDATION_FAILED'],
      [{ officerId: 999999 }, 400, 'OFFICER_INVALID'],
      [
        {
          personCount: 2,
          petitioners: [
            { kind: 'person', name: '甲', idNumber: '440103199001011236' },
            { kind: 'person', name: '乙', idNumber: '440103199001011236' },
          ],
        },
        400,
        'DUPLICATE_PETITIONER',
      ],
    ];
    const before = await Promise.all(
      ['cases', 'petitioners', 'case_events', 'clocks'].map((x) => countRows(t.db, x)),
    );
    for (const [overrides, status, code] of cases) {
      expectError(await api.register(reception, overrides), status, code);
    }
    const after = await Promise.all(
      ['cases', 'petitioners', 'case_events', 'clocks'].map((x) => countRows(t.db, x)),
    );
    expect(after).toEqual(before);
  });

  it('takes the higher office deadline (上级办理期限) on a handed-down case, none on a direct one', async () => {
    const handedDown = { source: 'transferred', sourceLevel: 'provincial' };
    const created = await api.register(officer, {
      ...handedDown,
      externalRef: 'SJ-2022-DUE1',
      provincialDueDate: '2022-03-20',
    });
    expect(created.statusCode).toBe(201);
    const id = created.json<CaseJson>().id;
    const read = await t.request('GET', `/api/v1/cases/${id}`, { token: officer });
    expect(read.json()).toMatchObject({ provincialDueDate: '2022-03-20' });

    // 2022-02-28 17:30Z is already 1 March in Shanghai: a deadline of 1 March is the same day
    // (allowed), 28 February is before it even though it is the UTC date.
    const lateEvening = '2022-02-28T17:30:00.000Z';
    const sameDay = await api.register(officer, {
      ...handedDown,
      registeredAt: lateEvening,
      provincialDueDate: '2022-03-01',
    });
    expect(sameDay.statusCode).toBe(201);
    expect(sameDay.json()).toMatchObject({ provincialDueDate: '2022-03-01' });

    const before = await Promise.all(
      ['cases', 'petitioners', 'case_events', 'clocks'].map((x) => countRows(t.db, x)),
    );
    const direct = await api.register(reception, { provincialDueDate: '2022-03-20' });
    expectError(direct, 400, 'PROVINCIAL_DUE_DATE_NOT_ALLOWED');
    expect(direct.json<{ message: string }>().message).toBe('直接来信来访件没有上级办理期限');
    const early = await api.register(officer, {
      ...handedDown,
      registeredAt: lateEvening,
      provincialDueDate: '2022-02-28',
    });
    expectError(early, 400, 'PROVINCIAL_DUE_BEFORE_REGISTRATION');
    expect(early.json<{ message: string }>().message).toBe('上级办理期限不能早于登记日期');
    for (const bad of ['2022-02-30', '2022/03/20', 20220320]) {
      const res = await api.register(officer, { ...handedDown, provincialDueDate: bad });
      expectError(res, 400, 'VALIDATION_FAILED');
      const [detail] = res.json<{ details: { field: string; messages: string[] }[] }>().details;
      expect(detail).toMatchObject({ field: 'provincialDueDate' });
      expect(detail.messages[0]).toContain('上级办理期限');
    }
    const after = await Promise.all(
      ['cases', 'petitioners', 'case_events', 'clocks'].map((x) => countRows(t.db, x)),
    );
    expect(after).toEqual(before);
  });

  it('takes a 200-character address and a long content without a 500', async () => {
    const res = await api.register(reception, {
      content: '长'.repeat(20_000),
      petitioners: [
        { kind: 'person', name: '钱七', idNumber: idNumber(), address: '址'.repeat(200) },
      ],
    });
    expect(res.statusCode).toBe(201);
    const c = res.json<CaseJson>();
    const edited = await t.request('PATCH', `/api/v1/cases/${c.id}`, {
      token: officer,
      body: { version: c.version, content: '改'.repeat(20_000) },
    });
    expect(edited.statusCode).toBe(200);
  });

  it('refuses null and empty edits with 400', async () => {
    const c = (await api.register(reception)).json<CaseJson>();
    expectError(
      await t.request('PATCH', `/api/v1/cases/${c.id}`, {
        token: officer,
        body: { version: c.version, title: null },
      }),
      400,
      'FIELD_NOT_NULLABLE',
    );
    expectError(
      await t.request('PATCH', `/api/v1/cases/${c.id}`, {
        token: officer,
        body: { version: c.version },
      }),
      400,
      'NOTHING_TO_CHANGE',
    );
    expectError(
      await t.request('PATCH', '/api/v1/categories/010101', {
        token: (await t.tokenFor('admin')).token,
        body: {},
      }),
      400,
    );
  });

  it('only bureau staff register cases', async () => {
    for (const role of ['unit_handler', 'leader', 'admin'] as const) {
      expectError(await api.register((await t.tokenFor(role)).token), 403, 'FORBIDDEN_ROLE');
    }
  });
});

describe('registration response (e2e)', () => {
  it('answers POST with exactly what a later GET shows', async () => {
    const t = await createTestApp();
    try {
      const officer = (await t.tokenFor('officer')).token;
      const created = await caseApi(t).register(officer, {
        source: 'assigned',
        sourceLevel: 'provincial',
        externalRef: 'SJ-SAME-0001',
      });
      expect(created.statusCode).toBe(201);
      const read = await t.request('GET', `/api/v1/cases/${created.json<CaseJson>().id}`, {
        token: officer,
      });
      expect(created.json()).toEqual(read.json());
    } finally {
      await t.close();
    }
  });
});
