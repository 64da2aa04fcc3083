import { caseApi, caseBody, idNumber, type CaseJson } from './support/cases';
import { createTestApp, expectError, type TestApp } from './support/test-app';

interface FieldJson {
  field: string;
  codes: string[];
  messages: string[];
}

/** The same 17 digits with a check digit that is not theirs. */
const wrongCheckDigit = (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0');

/** The old 15-digit form of an 18-digit number born in the 1900s. */
const fifteen = (id: string) => id.slice(0, 6) + id.slice(8, 17);

describe('the data taken at the counter: checked ID numbers, phones written one way, no blank text (e2e)', () => {
  let t: TestApp;
  let api: ReturnType<typeof caseApi>;
  let reception: string;
  let officer: string;

  beforeAll(async () => {
    t = await createTestApp();
    api = caseApi(t);
    reception = (await t.tokenFor('reception')).token;
    officer = (await t.tokenFor('officer')).token;
  });
  afterAll(() => t.close());

  const person = (p: Record<string, unknown>) => ({ kind: 'person', name: '孙某某', ...p });
  const register = (p: Record<string, unknown>, overrides: Record<string, unknown> = {}) =>
    t.request('POST', '/api/v1/cases', {
      token: reception,
      body: caseBody({ petitioners: [person(p)], ...overrides }),
    });
  const fieldsOf = (res: Awaited<ReturnType<typeof register>>) =>
    Object.fromEntries(
      (expectError(res, 400, 'VALIDATION_FAILED').details as FieldJson[]).map((f) => [f.field, f]),
    );
  const casesOf = async (query: string) =>
    (await t.request('GET', `/api/v1/cases?${query}`, { token: officer }))
      .json<{ items: { id: number }[] }>()
      .items.map((c) => c.id);
  const count = async (table: string) =>
    Number((await t.db.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

  it('refuses an ID number whose check digit is wrong, saying so in Chinese, and writes nothing', async () => {
    const before = await count('cases');
    const res = await register({ idNumber: wrongCheckDigit(idNumber()) });
    const f = fieldsOf(res)['petitioners.0.idNumber'];
    expect(f.codes).toEqual(['isIdNumber']);
    expect(f.messages.join()).toMatch(/校验位不正确.*号码未核验/);
    expect(await count('cases')).toBe(before);
  });

  it('refuses a birth date that does not exist', async () => {
    // 1990-02-30 with the check digit those 17 digits would have.
    const first17 = '44010319900230123';
    const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const sum = [...first17].reduce((s, d, i) => s + Number(d) * w[i], 0);
    const res = await register({ idNumber: first17 + '10X98765432'[sum % 11] });
    expect(fieldsOf(res)['petitioners.0.idNumber'].messages.join()).toContain('出生日期');
  });

  it('accepts a failing number the clerk marks unverified with a reason, and shows the reason', async () => {
    const bad = wrongCheckDigit(idNumber());
    const res = await register({ idNumber: bad, idUnverifiedReason: '证件原件如此，已拍照留存' });
    expect(res.statusCode).toBe(201);
    const c = res.json<CaseJson>();
    expect(c.petitioners[0]).toMatchObject({ idUnverifiedReason: '证件原件如此，已拍照留存' });
    const shown = await api.get(officer, c.id);
    expect(shown.petitioners[0]).toMatchObject({ idUnverifiedReason: '证件原件如此，已拍照留存' });
    // A blank reason is no reason.
    expectError(await register({ idNumber: bad, idUnverifiedReason: '   ' }), 400);
    // A number that passes keeps no such note, whatever was sent with it.
    const good = (
      await register({ idNumber: idNumber(), idUnverifiedReason: '多余的说明' })
    ).json<CaseJson>();
    expect(good.petitioners[0]).toMatchObject({ idUnverifiedReason: null });
  });

  it('takes an old 15-digit number as the same person as its 18-digit form (重件 still found)', async () => {
    const id18 = idNumber();
    const first = (await register({ idNumber: fifteen(id18) })).json<CaseJson>();
    const second = (await register({ idNumber: id18.toLowerCase() })).json<CaseJson>();
    expect(second).toMatchObject({ repeat: true, firstCaseId: first.id });
    expect(second.petitioners[0].id).toBe(first.petitioners[0].id);
    expect(await casesOf(`idNumber=${fifteen(id18)}`)).toEqual([second.id, first.id]);
    const revealed = await t.request(
      'POST',
      `/api/v1/cases/${first.id}/petitioners/${first.petitioners[0].id}/reveal`,
      { token: officer, body: { reason: '核实信访人身份' } },
    );
    expect(revealed.json()).toMatchObject({ idNumber: id18 });
  });

  it('writes a phone one way, so any way of writing it finds the person', async () => {
    const tail = String(Date.now()).slice(-8);
    const c = (
      await register({
        idNumber: idNumber(),
        phone: `+86 139-${tail.slice(0, 4)} ${tail.slice(4)}`,
      })
    ).json<CaseJson>();
    const revealed = await t.request(
      'POST',
      `/api/v1/cases/${c.id}/petitioners/${c.petitioners[0].id}/reveal`,
      { token: officer, body: { reason: '联系信访人' } },
    );
    expect(revealed.json()).toMatchObject({ phone: `139${tail}` });
    expect(await casesOf(`phone=139${tail}`)).toEqual([c.id]);
    expect(
      await casesOf(`phone=${encodeURIComponent(`139 ${tail.slice(0, 4)} ${tail.slice(4)}`)}`),
    ).toEqual([c.id]);

    const landline = (
      await register({ idNumber: idNumber(), phone: '(020) 8123 4567' })
    ).json<CaseJson>();
    expect(landline.statusCode ?? 201).toBe(201);
    const shown = await t.request(
      'POST',
      `/api/v1/cases/${landline.id}/petitioners/${landline.petitioners[0].id}/reveal`,
      { token: officer, body: { reason: '联系信访人' } },
    );
    expect(shown.json()).toMatchObject({ phone: '020-81234567' });

    for (const phone of ['8123 4567', '12345', '电话 13800138000']) {
      const f = fieldsOf(await register({ idNumber: idNumber(), phone }))['petitioners.0.phone'];
      expect(f.codes).toEqual(['isPhoneNumber']);
      expect(f.messages.join()).toMatch(/^第 1 个信访人的联系电话须为手机号码或带区号的固定电话/);
    }
  });

  it.each([
    ['title', { title: '   ' }, /^标题不能为空白/],
    ['title', { title: '反映\u0007问题' }, /^标题不能为空白，也不能含换行或控制字符/],
    ['title', { title: '反映\n问题' }, /换行/],
    ['locality', { locality: '\t\t' }, /^.*不能为空白/],
    ['content', { content: '   \n  ' }, /^信访内容不能为空白/],
    ['content', { content: '内容\u001b[31m截断' }, /控制字符/],
  ])(
    'refuses %s that is blank once trimmed or holds control characters (%j)',
    async (field, overrides, message) => {
      const f = fieldsOf(await register({ idNumber: idNumber() }, overrides))[field];
      expect(f.messages.join()).toMatch(message);
    },
  );

  it("refuses a petitioner's blank name, and keeps line breaks in the content", async () => {
    const f = fieldsOf(await register({ idNumber: idNumber(), name: '  ' }))['petitioners.0.name'];
    expect(f.codes).toContain('isText');
    const ok = await register(
      { idNumber: idNumber() },
      { content: '第一段。\n第二段：\t请求处理。' },
    );
    expect(ok.statusCode).toBe(201);
  });
});
