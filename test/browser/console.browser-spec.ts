/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { idNumber } from '../support/cases';
import { samplePdf } from '../support/files';
import {
  chooseOpen as choose,
  launchBrowser,
  officePage,
  pick,
  pickCategory,
  screenshot,
  shows,
  signIn as signInAs,
} from './support/browser';
import { apiLogOnFailure, startStack, type SeededUser, type Stack } from './support/stack';

/**
 * The staff console walked in a real browser (Debian's Chromium) against the real built API,
 * MariaDB and Redis: one API process, one browser, the walks in sequence, each a user's task end
 * to end; the screenshots they take are the README's (docs/screenshots).
 */
jest.setTimeout(90_000);

describe('staff console in a browser', () => {
  let stack: Stack;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await stack?.close();
  });
  apiLogOnFailure(() => stack);

  async function newPage(): Promise<Page> {
    const page = await officePage(browser);
    contexts.push(page.context());
    return page;
  }

  const signIn = (page: Page, user: SeededUser, path = '/') =>
    signInAs(page, stack.baseUrl, user, path);

  /**
   * Submits the case action open now and waits until its form has closed. When it stays open
   * with an error on it (a field's, the banner's), fails at once with what a clerk reads there.
   */
  async function submit(page: Page): Promise<void> {
    await page.getByTestId('action-submit').click();
    const outcome = await page.waitForFunction(() => {
      const submitButton = document.querySelector('[data-testid="action-submit"]');
      if (!submitButton) return 'closed';
      const modal = submitButton.closest('.ant-modal');
      const shown = modal?.querySelectorAll<HTMLElement>(
        '[data-testid="action-error"], .ant-form-item-explain-error',
      );
      const errors = Array.from(shown ?? [], (e) => e.innerText.trim());
      const stale = document.querySelector('[data-testid="stale-reload"]');
      if (stale) errors.push('（已被他人修改）');
      return errors.filter(Boolean).length ? errors.join('；') : false;
    });
    const said = await outcome.jsonValue();
    if (said !== 'closed') throw new Error(`the action's form stayed open: ${said}`);
  }

  const tokens: Record<string, string> = {};
  const token = async (key: string) => (tokens[key] ??= await stack.signIn(stack.users[key]));
  type CaseBody = {
    id: number;
    caseNo: string;
    status: string;
    repeat: boolean;
    version: number;
    evaluation: string | null;
    attachments: unknown[];
  };
  const getCase = async (id: number) =>
    (await stack.call<CaseBody>('GET', `/api/v1/cases/${id}`, { token: await token('officer') }))
      .body;

  /** The person of walks 1–4: an earlier case of theirs is on file. */
  const person = { name: '刘某某', idNumber: idNumber() };
  let registered: { id: number; caseNo: string };
  /** The earlier case walk 1 finds: the 初件 of `registered`. */
  let earlierNo: string;

  it('signs in: a wrong password is refused on the form, the right one opens the home page by role', async () => {
    const page = await newPage();
    await page.goto(`${stack.baseUrl}/`);
    await page.waitForURL(/\/sign-in/);
    await page.getByTestId('sign-in-submit').waitFor(); // the form drawn, not the blank page before it
    await screenshot(page, '01-sign-in');
    await page.getByTestId('sign-in-username').fill(stack.users.reception.username);
    await page.getByTestId('sign-in-password').fill('not-the-password');
    await page.getByTestId('sign-in-submit').click();
    await expect(page.getByTestId('sign-in-error').textContent()).resolves.toBeTruthy();

    await page.getByTestId('sign-in-password').fill(stack.users.reception.password);
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('user-menu').waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await page.getByTestId('home-tile-registered_today').waitFor();
    await screenshot(page, '02-home-reception');
  });

  it('a new account is sent to the password page first, then on to the page it was heading for', async () => {
    const admin = await stack.signIn(stack.admin);
    const given = 'Pebble-Orchard-6620';
    const created = await stack.call('POST', '/api/v1/users', {
      token: admin,
      body: { username: 'b-newcomer', displayName: '孙新人', password: given, role: 'officer' },
    });
    expect(created.status).toBe(201);
    const page = await newPage();
    await page.goto(`${stack.baseUrl}/cases`);
    await page.waitForURL(/\/sign-in/);
    await page.getByTestId('sign-in-username').fill('b-newcomer');
    await page.getByTestId('sign-in-password').fill(given);
    await page.getByTestId('sign-in-submit').click();
    await page.getByTestId('password-first').waitFor();
    await expect(page.getByTestId('password-first').textContent()).resolves.toContain(
      '首次登录请修改密码',
    );
    // nothing of the console is shown (the API would refuse it)
    expect(await page.getByTestId('user-menu').count()).toBe(0);
    await screenshot(page, '02b-first-password');
    await page.getByTestId('password-current').fill(given);
    await page.getByTestId('password-new').fill('Silver-Meadow-3185');
    await page.getByTestId('password-confirm').fill('Silver-Meadow-3185');
    await page.getByTestId('password-submit').click();
    await page.getByTestId('user-menu').waitFor();
    expect(new URL(page.url()).pathname).toBe('/cases');
    const again = await stack.call<{ user: { mustChangePassword: boolean } }>(
      'POST',
      '/api/v1/auth/login',
      { body: { username: 'b-newcomer', password: 'Silver-Meadow-3185' } },
    );
    expect(again.body.user.mustChangePassword).toBe(false);
  });

  it('walk 1: reception registers a letter, sees the 重件 warning before saving, saves once with a double click, prints the receipt', async () => {
    const earlier = await stack.call<{ id: number; caseNo: string }>('POST', '/api/v1/cases', {
      token: await token('reception'),
      body: {
        channel: 'visit',
        source: 'direct',
        sourceLevel: 'district',
        title: '反映小区电梯长期停运',
        content: '小区电梯停运三个月，物业不予维修。',
        purpose: 'complaint',
        categoryCode: '010301',
        locality: '某街道',
        personCount: 1,
        petitioners: [{ kind: 'person', ...person }],
      },
    });
    expect(earlier.status).toBe(201);

    const page = await newPage();
    await signIn(page, stack.users.reception);
    await page.getByTestId('menu-/cases/new').click();
    await page.getByTestId('register-title').waitFor();
    // One menu entry lit: 登记 (/cases/new), not also 信访件 (/cases) as its path's prefix.
    await expect(page.locator('.ant-menu-item-selected').allInnerTexts()).resolves.toEqual([
      '登记',
    ]);
    await page.keyboard.press('Alt+2'); // 来信
    await page.getByTestId('register-title').fill('再次反映小区电梯停运');
    await page.getByTestId('register-content').fill('来信称电梯仍未修复，请求督促物业公司维修。');
    await pick(page, 'register-purpose', '申诉求决');
    await pickCategory(page, '010301', '物业服务质量');
    await page.getByTestId('register-locality').fill('某街道某小区');
    await page.getByTestId('petitioner-0-name').fill(person.name);
    await page.getByTestId('petitioner-0-id-number').fill(person.idNumber);
    const warning = page.getByTestId('lookup-warning-0');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('重件');
    expect(await warning.textContent()).toContain(earlier.body.caseNo);
    // The person's newest details, as they gave them last.
    const newest = page.getByTestId('lookup-person-0');
    await newest.waitFor();
    expect(await newest.textContent()).toContain(`最近一次登记`);
    expect(await newest.textContent()).toContain(person.name);
    await screenshot(page, '03-register-repeat-warning');

    await page.getByTestId('register-save').dblclick();
    const caseNo = (await page.getByTestId('register-case-no').textContent())!.replace(/^.*：/, '');
    await screenshot(page, '04-register-saved');
    // One case from the double click: the person now has two, the new one a 重件 of the first.
    const theirs = await stack.call<{ items: { id: number; caseNo: string; repeat: boolean }[] }>(
      'GET',
      `/api/v1/cases?idNumber=${person.idNumber}`,
      { token: await token('officer') },
    );
    expect(theirs.body.items.map((c) => c.caseNo)).toEqual([caseNo, earlier.body.caseNo]);
    expect(theirs.body.items[0].repeat).toBe(true);
    registered = theirs.body.items[0];
    earlierNo = earlier.body.caseNo;

    const [receipt] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith(`/cases/${registered.id}/receipt.pdf`)),
      page.getByTestId('print-receipt').click(),
    ]);
    expect(receipt.status()).toBe(200);
    expect(receipt.headers()['content-type']).toBe('application/pdf');
  });

  it('walk 2: an officer finds it in the list by ID number and transfers it to a unit', async () => {
    const page = await newPage();
    await signIn(page, stack.users.officer, '/cases');
    await page.getByTestId('filter-id-number').fill(person.idNumber);
    await page.getByTestId('filter-submit').click();
    await page.getByTestId(`case-link-${registered.caseNo}`).waitFor();
    // The list says how many cases the filter finds: the total the API gives for it, 共 N 件.
    const listed = await stack.call<{ items: unknown[]; total: { value: number; exact: boolean } }>(
      'GET',
      `/api/v1/cases?idNumber=${person.idNumber}`,
      { token: await token('officer') },
    );
    expect(listed.body.total).toEqual({ value: listed.body.items.length, exact: true });
    // (The filtered list replaces the unfiltered one: wait for its total.)
    await page
      .getByTestId('list-total')
      .filter({ hasText: new RegExp(`^共 ${listed.body.total.value} 件$`) })
      .waitFor();
    await expect(
      page.getByTestId('case-table').locator('tbody tr.ant-table-row').count(),
    ).resolves.toBe(listed.body.total.value);
    await screenshot(page, '05-case-list');
    await page.getByTestId(`case-link-${registered.caseNo}`).click();
    // Registered at the counter with no default officer, it waits to be taken (the receptionist
    // is not its 承办人); its 初件 by number, linked.
    await expect(page.getByTestId('case-officer').textContent()).resolves.toBe(
      '待领取（尚无承办人）',
    );
    await page.getByTestId('case-first-case').getByRole('link', { name: earlierNo }).waitFor();
    // The officer takes it: now its 承办人, by name.
    await page.getByTestId('action-take').click();
    await submit(page);
    await page.getByTestId('action-take').waitFor({ state: 'detached' });
    await expect(page.getByTestId('case-officer').textContent()).resolves.toBe('李承办');
    await page.getByTestId('action-transfer').click();
    await pick(page, 'action-field-unitId', stack.units.housing.name);
    await page.getByTestId('action-field-instructions').fill('请依法处理并按期答复。');
    await screenshot(page, '06-case-transfer');
    await submit(page);
    await page.getByTestId('action-transfer').waitFor({ state: 'detached' });
    await screenshot(page, '07-case-detail');
    expect(await getCase(registered.id)).toMatchObject({ status: 'transferred' });

    // The officer hands the case to another 承办人, picked by name, and takes it back.
    for (const [option, name] of [
      ['赵督查（督查员）', '赵督查'],
      ['李承办（承办人）', '李承办'],
    ]) {
      await page.getByTestId('action-reassign_officer').click();
      await pick(page, 'action-field-officerId', option);
      await submit(page);
      await expect(page.getByTestId('case-officer').textContent()).resolves.toBe(name);
    }
  });

  it("walk 3: the unit's handler sees it on the workbench, accepts, answers with an attachment", async () => {
    const page = await newPage();
    await signIn(page, stack.users.handler);
    await page.getByTestId('menu-/workbench').click();
    await page.getByTestId('lane-new').click();
    await page.getByTestId(`workbench-accept-${registered.caseNo}`).waitFor();
    await screenshot(page, '08-workbench');
    await page.getByTestId(`workbench-accept-${registered.caseNo}`).click();
    await page.getByTestId(`workbench-accept-${registered.caseNo}`).waitFor({ state: 'detached' });
    await page.getByTestId('lane-handling').click();
    await page.getByTestId(`workbench-answer-${registered.caseNo}`).click();
    // The unit reads the bureau's officer by role only, and the 初件 it never had unlinked.
    await expect(page.getByTestId('case-officer').textContent()).resolves.toBe('信访局工作人员');
    await expect(page.getByTestId('case-first-case').textContent()).resolves.toContain(earlierNo);
    expect(await page.getByTestId('case-first-case').getByRole('link').count()).toBe(0);
    await page.getByTestId('action-answer').click();
    await pick(page, 'action-field-decision', '支持');
    await page.getByTestId('action-field-facts').fill('经查，电梯主板故障，物业已更换并恢复运行。');
    await page.getByTestId('action-field-basis').fill('《物业管理条例》第三十五条');
    await pick(page, 'action-field-deliveryMethod', '邮寄送达');
    await page.locator('.ant-modal input[type=file]').setInputFiles({
      name: '处理意见书.pdf',
      mimeType: 'application/pdf',
      // a real PDF: uploads are checked for a PDF's structure, not only its first bytes
      buffer: await samplePdf(),
    });
    // the form lists the file (the picker hands it over a tick after the input's change)
    await page.getByTestId('action-files').getByText('处理意见书.pdf').waitFor();
    await screenshot(page, '09-answer');
    await submit(page);
    await page.getByTestId('action-answer').waitFor({ state: 'detached' });
    const c = await getCase(registered.id);
    expect(c.status).toBe('answered');
    expect(c.attachments).toHaveLength(1);
  });

  it('walk 4: the officer closes it, reception records the evaluation', async () => {
    const officer = await newPage();
    await signIn(officer, stack.users.officer, `/cases/${registered.id}`);
    await officer.getByTestId('action-close').click();
    await submit(officer);
    await officer.getByTestId('action-close').waitFor({ state: 'detached' });
    expect((await getCase(registered.id)).status).toBe('closed');

    const reception = await newPage();
    await signIn(reception, stack.users.reception, `/cases/${registered.id}`);
    await reception.getByTestId('action-evaluate').click();
    await pick(reception, 'action-field-evaluation', '满意');
    await submit(reception);
    await reception.getByTestId('action-evaluate').waitFor({ state: 'detached' });
    await screenshot(reception, '10-case-evaluated');
    expect((await getCase(registered.id)).evaluation).toBe('satisfied');
  });

  it('walk 5: a stale edit offers to reload, a forbidden action is not offered, another unit cannot open the case', async () => {
    const fresh = await stack.call<{ id: number; caseNo: string }>('POST', '/api/v1/cases', {
      token: await token('reception'),
      body: {
        channel: 'call',
        source: 'direct',
        sourceLevel: 'district',
        title: '反映道路积水',
        content: '某路段雨后积水严重。',
        purpose: 'suggestion',
        categoryCode: '010302',
        locality: '某街道',
        personCount: 1,
        petitioners: [{ kind: 'person', name: '孙某某' }],
      },
    });
    const first = await newPage();
    await signIn(first, stack.users.officer, `/cases/${fresh.body.id}`);
    await first.getByTestId('action-transfer').waitFor();
    // Meanwhile, in a second tab, the supervisor transfers it.
    const second = await newPage();
    await signIn(second, stack.users.supervisor, `/cases/${fresh.body.id}`);
    await second.getByTestId('action-transfer').click();
    await pick(second, 'action-field-unitId', stack.units.urban.name);
    await submit(second);
    await second.getByTestId('action-transfer').waitFor({ state: 'detached' });

    await first.getByTestId('action-transfer').click();
    await pick(first, 'action-field-unitId', stack.units.housing.name);
    await first.getByTestId('action-submit').click();
    await first.getByTestId('stale-reload').waitFor();
    await screenshot(first, '11-stale-reload');
    await first.getByTestId('stale-reload').click();
    // Reloaded: the case is now transferred, so 转送 is no longer offered.
    await first.getByTestId('action-transfer').waitFor({ state: 'detached' });
    expect((await getCase(fresh.body.id)).status).toBe('transferred');

    // The officer links it as a 重件, finding the 初件 by the last digits of its number.
    const linking = await newPage();
    await signIn(linking, stack.users.officer, `/cases/${fresh.body.id}`);
    await linking.getByTestId('action-link_repeat').click();
    await linking.getByTestId('action-field-firstCaseId').click();
    await linking.keyboard.type(registered.caseNo.slice(-6));
    await choose(linking, `${registered.caseNo} 再次反映小区电梯停运`);
    await shows(
      linking.getByTestId('action-field-firstCaseId'),
      `${registered.caseNo} 再次反映小区电梯停运`,
    );
    await submit(linking);
    // Linking to a repeat links to its 初件.
    await linking.getByTestId('case-first-case').getByRole('link', { name: earlierNo }).waitFor();

    // Reception may print the receipt but not route: no 转送 button at all.
    const reception = await newPage();
    await signIn(reception, stack.users.reception, `/cases/${registered.id}`);
    await reception.getByTestId('case-actions').waitFor();
    expect(await reception.getByTestId('action-transfer').count()).toBe(0);
    expect(await reception.getByRole('button', { name: '转送' }).count()).toBe(0);

    // The case went to 住建; 城管's handler gets the refusal, not the case.
    const other = await newPage();
    await signIn(other, stack.users.otherHandler, `/cases/${registered.id}`);
    await other.getByText('无法查看该信访件').waitFor();
    expect(await other.getByTestId('case-no').count()).toBe(0);
    await screenshot(other, '12-case-forbidden');
  });

  it('walk 6: an attachment the API refuses is named on the answer form, and the answer goes once it is removed, the accepted file not sent twice', async () => {
    const made = await stack.call<{ id: number; version: number }>('POST', '/api/v1/cases', {
      token: await token('reception'),
      body: {
        channel: 'letter',
        source: 'direct',
        sourceLevel: 'district',
        title: '反映楼道照明损坏',
        content: '楼道照明损坏一个月，物业未维修。',
        purpose: 'complaint',
        categoryCode: '010301',
        locality: '某街道',
        personCount: 1,
        petitioners: [{ kind: 'person', name: '郑某某' }],
      },
    });
    const id = made.body.id;
    const transferred = await stack.call('POST', `/api/v1/cases/${id}/transfer`, {
      token: await token('supervisor'),
      body: { version: made.body.version, unitId: stack.units.housing.id },
    });
    expect(transferred.status).toBe(200);
    const accepted = await stack.call('POST', `/api/v1/cases/${id}/accept`, {
      token: await stack.signIn(stack.users.handler),
      body: { version: (await getCase(id)).version },
    });
    expect(accepted.status).toBe(200);

    const page = await newPage();
    await signIn(page, stack.users.handler, `/cases/${id}`);
    await page.getByTestId('action-answer').click();
    await pick(page, 'action-field-decision', '解释说明');
    await page.getByTestId('action-field-facts').fill('经查，楼道照明线路老化，物业已更换。');
    await page.getByTestId('action-field-basis').fill('《物业管理条例》第三十五条');
    await pick(page, 'action-field-deliveryMethod', '当面送达');
    await page.locator('.ant-modal input[type=file]').setInputFiles([
      { name: '处理意见书.pdf', mimeType: 'application/pdf', buffer: await samplePdf() },
      // named a PDF, but no PDF inside: the API refuses it (415)
      { name: '现场照片说明.pdf', mimeType: 'application/pdf', buffer: Buffer.from('不是 PDF') },
    ]);
    const files = page.getByTestId('action-files');
    await files.getByText('现场照片说明.pdf').waitFor();
    await page.getByTestId('action-submit').click();
    // The clerk reads which file was refused and why; the one the API took is listed as such.
    const error = page.getByTestId('action-error');
    await error.waitFor();
    await expect(error.innerText()).resolves.toContain('现场照片说明.pdf');
    await expect(error.innerText()).resolves.toContain('附件类型不被接受');
    await expect(page.getByTestId('action-uploaded').innerText()).resolves.toBe(
      '已上传：处理意见书.pdf',
    );
    expect(await getCase(id)).toMatchObject({
      status: 'accepted',
      attachments: [expect.anything()],
    });
    await screenshot(page, '13-answer-file-refused');

    await files
      .locator('.ant-upload-list-item')
      .filter({ hasText: '现场照片说明.pdf' })
      .locator('.anticon-delete')
      .click();
    await files.getByText('现场照片说明.pdf').waitFor({ state: 'detached' });
    await submit(page);
    await page.getByTestId('action-answer').waitFor({ state: 'detached' });
    const answered = await getCase(id);
    expect(answered.status).toBe('answered');
    expect(answered.attachments).toHaveLength(1);
  });
});
