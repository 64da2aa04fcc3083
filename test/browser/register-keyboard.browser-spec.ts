/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { idNumber } from '../support/cases';
import { launchBrowser, officePage, pick, pickCategory, signIn } from './support/browser';
import { apiLogOnFailure, startStack, type Stack } from './support/stack';

/**
 * The counter clerk registers without the mouse: Tab walks the intake form top to bottom and out
 * of every picker, Alt+1..5 choose the channel, Enter saves one case, and the next case starts
 * from the keyboard too. In a real browser against the built API, like console.browser-spec.ts.
 */
jest.setTimeout(90_000);

/** What has the focus, named as a person reads it: the field's label (and option), or the button. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return '(page)';
    const text = (n: Element | null | undefined) => n?.textContent?.replace(/\s+/g, ' ').trim();
    const card = text(el.closest('.ant-card-small')?.querySelector('.ant-card-head-title'));
    const prefix = card ? `${card}/` : '';
    const item = el.closest('.ant-form-item');
    const label = text(item?.querySelector('.ant-form-item-label label'));
    const option = text(el.closest('.ant-checkbox-wrapper, .ant-radio-button-wrapper'));
    if (label) return `${prefix}${label}${option ? `:${option}` : ''}`;
    if (option) return `${prefix}${option}`;
    if (el.closest('.ant-upload')) return '附件';
    const button = el.closest('button, a, [role=button]');
    if (button) return `按钮:${text(button) || button.getAttribute('aria-label')}`;
    if (el.tabIndex === -1 && text(el)) return text(el)!;
    return `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ')[0]}` : ''}`;
  });
}

/** Presses Tab until `name` has the focus; the stops on the way, in order. Fails past `max`. */
async function tabTo(page: Page, name: string, max = 80): Promise<string[]> {
  const stops: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const now = await focused(page);
    stops.push(now);
    if (now === name) return stops;
  }
  throw new Error(`Tab never reached ${name}: ${stops.join(' → ')}`);
}

/**
 * Waits until `name` has the focus: the form moves it after a render (on opening, after Alt+n),
 * which a loaded machine runs later than the next key press would come.
 */
async function focusOn(page: Page, name: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let now = await focused(page);
  while (now !== name && Date.now() < deadline) {
    await page.waitForTimeout(50);
    now = await focused(page);
  }
  expect(now).toBe(name);
}

/** Tab, and the focus is on `name`: one press per field, nothing skipped or stuck. */
async function next(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Tab');
  expect(await focused(page)).toBe(name);
}

/** The text of the active (highlighted) option in the open list `list`; null while there is none. */
function activeOption(page: Page, list: string): Promise<string | null> {
  return page.evaluate((id) => {
    const dropdown = document.getElementById(id)?.closest('.ant-select-dropdown');
    const el = dropdown?.querySelector('.ant-select-item-option-active');
    return el ? (el as HTMLElement).innerText : null;
  }, list);
}

/** Waits until the active option of `list` passes `ok`; its text. Fails after `timeoutMs`. */
async function activeWhen(
  page: Page,
  list: string,
  ok: (text: string) => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let now = await activeOption(page, list);
  while ((now === null || !ok(now)) && Date.now() < deadline) {
    await page.waitForTimeout(25);
    now = await activeOption(page, list);
  }
  if (now === null || !ok(now)) throw new Error(`the active option never became ${what}: ${now}`);
  return now;
}

/**
 * Opens the focused select with ArrowDown and moves to `option`, then Enter takes it. Each key
 * waits for what it did: a key press returns when the key is sent, not when the list has drawn
 * its effect, and on a loaded machine the next press (or the check) would come first.
 */
async function choose(page: Page, option: string): Promise<void> {
  // the list of the focused select (another one may still be fading out), and what it shows now
  const { list, shown } = await page.evaluate(() => {
    const el = document.activeElement;
    const item = el?.closest('.ant-select')?.querySelector('.ant-select-selection-item');
    return {
      list: el?.getAttribute('aria-controls') ?? '',
      shown: (item as HTMLElement | null | undefined)?.innerText ?? null,
    };
  });
  expect(list).toBeTruthy();
  await page.keyboard.press('ArrowDown');
  // Opened, the list first marks its first option active, a render later the chosen value's.
  let active = await activeWhen(page, list, (t) => shown === null || t === shown, `${shown}`);
  for (let i = 0; i < 10 && active !== option; i++) {
    const before = active;
    await page.keyboard.press('ArrowDown');
    active = await activeWhen(page, list, (t) => t !== before, `other than ${before}`);
  }
  expect(active).toBe(option);
  await page.keyboard.press('Enter');
  // taken: the select shows it (the dropdown closes), before the next key moves on
  await page.waitForFunction(
    ([id, text]) => {
      const select = document.querySelector(`[aria-controls="${id}"]`)?.closest('.ant-select');
      const item = select?.querySelector('.ant-select-selection-item') as HTMLElement | null;
      return item?.innerText === text && !select?.classList.contains('ant-select-open');
    },
    [list, option] as const,
  );
}

describe('registration by keyboard alone', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });
  apiLogOnFailure(() => stack);

  const FLAGS = ['越级', '进京', '赴省', '联名', '涉法涉诉', '检举人要求保密'];
  const PETITIONER = ['类型', '姓名/名称', '身份证号/统一社会信用代码', '电话', '住址'].map(
    (l) => `信访人 1/${l}`,
  );

  it('Tab visits every intake field in order and leaves each picker and the upload area', async () => {
    const page = await officePage(browser);
    await signIn(page, stack.baseUrl, stack.users.reception, '/cases/new');
    await page.getByTestId('register-title').waitFor();
    // The form opens with the first field ready for the keyboard.
    await focusOn(page, '信访形式:来访');
    // The channel shortcuts are on screen beside the channel choice.
    const channelItem = page.locator('.ant-form-item').filter({ has: page.getByText('信访形式') });
    await expect(channelItem.innerText()).resolves.toContain('Alt+1 来访');
    for (const [key, label] of [
      ['Alt+3', '来电'],
      ['Alt+1', '来访'],
    ]) {
      await page.keyboard.press(key);
      await expect(page.locator('.ant-radio-button-wrapper-checked').innerText()).resolves.toBe(
        label,
      );
      await focusOn(page, `信访形式:${label}`);
    }

    // A handed-down case shows its two extra fields (and a date picker) between source and title.
    const stops = [...(await tabTo(page, '来源'))];
    await choose(page, '上级转送');
    await page.getByTestId('register-external-ref').waitFor();
    stops.push(...(await tabTo(page, '按钮:保存登记')));
    expect(stops).toEqual([
      '来源',
      '来源层级',
      '上级信访件编号',
      '上级办理期限',
      '标题',
      '登记时间',
      '信访内容',
      '信访目的',
      '内容分类',
      '问题属地',
      '人数',
      ...FLAGS.map((f) => `情形:${f}`),
      '承办人',
      ...PETITIONER,
      '按钮:添加信访人',
      '附件',
      '按钮:保存登记',
    ]);
    // and back up again with Shift+Tab, through the same stops
    const back: string[] = [];
    for (let i = 0; i < stops.length - 1; i++) {
      await page.keyboard.press('Shift+Tab');
      back.push(await focused(page));
    }
    expect(back).toEqual(stops.slice(0, -1).reverse());
    await page.context().close();
  });

  it('registers a handed-down letter with keys only: Enter saves one case, focus lands on the next step', async () => {
    const page = await officePage(browser);
    await signIn(page, stack.baseUrl, stack.users.reception, '/cases/new');
    await page.getByTestId('register-title').waitFor();
    const person = { name: '黄某某', idNumber: idNumber() };
    const title = `键盘登记 ${person.idNumber.slice(-6)}`;
    const today = await page.evaluate(() =>
      new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date()),
    );
    const due = new Date(Date.parse(`${today}T00:00:00Z`) + 30 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const type = (text: string) => page.keyboard.type(text);
    await focusOn(page, '信访形式:来访');
    const started = Date.now();
    await page.keyboard.press('Alt+2');
    await focusOn(page, '信访形式:来信');
    await next(page, '来源');
    await choose(page, '上级交办');
    await next(page, '来源层级');
    await choose(page, '省');
    await next(page, '上级信访件编号');
    await type(`SJ-KB-${person.idNumber.slice(-6)}`);
    await next(page, '上级办理期限');
    await type(due);
    await next(page, '标题');
    await type(title);
    await next(page, '登记时间'); // left empty: now
    await next(page, '信访内容');
    await type('来信反映小区消防通道被占用，请求依法处理。');
    await next(page, '信访目的');
    await choose(page, '意见建议');
    await next(page, '内容分类');
    await type('010301'); // found by its code; Enter takes the one match
    await page
      .locator('.ant-select-tree-treenode-active')
      .filter({ hasText: '010301 物业服务质量' })
      .waitFor();
    await page.keyboard.press('Enter');
    await next(page, '问题属地');
    await type('某街道某小区');
    await next(page, '人数'); // 1
    for (const flag of ['越级', '进京', '赴省', '联名']) await next(page, `情形:${flag}`);
    await page.keyboard.press('Space');
    for (const flag of ['涉法涉诉', '检举人要求保密']) await next(page, `情形:${flag}`);
    // No default officer for this category and source: the clerk is told before saving, and
    // picks the 承办人 from the list (a receptionist is never one).
    await next(page, '承办人');
    await expect(page.getByTestId('register-officer-hint').innerText()).resolves.toBe(
      '本分类和来源未设默认承办人：保存后进入待领取',
    );
    await choose(page, '李承办（承办人）');
    await expect(page.getByTestId('register-officer-hint').innerText()).resolves.toBe(
      '已指定承办人',
    );
    await next(page, '信访人 1/类型'); // 个人
    await next(page, '信访人 1/姓名/名称');
    await type(person.name);
    await next(page, '信访人 1/身份证号/统一社会信用代码');
    await type(person.idNumber);
    await next(page, '信访人 1/电话');
    await type('13800138000');
    // Enter in a field saves, once, even pressed twice in a hurry.
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.getByTestId('register-case-no').waitFor();
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(
      `keyboard-only registration of a handed-down letter: ${seconds.toFixed(1)} s from the first key to 登记成功\n`,
    );
    const caseNo = (await page.getByTestId('register-case-no').textContent())!.replace(/^.*：/, '');

    const officer = await stack.signIn(stack.users.officer);
    const theirs = await stack.call<{ items: { id: number; caseNo: string }[] }>(
      'GET',
      `/api/v1/cases?idNumber=${person.idNumber}`,
      { token: officer },
    );
    expect(theirs.body.items.map((c) => c.caseNo)).toEqual([caseNo]);
    const saved = await stack.call<Record<string, unknown>>(
      'GET',
      `/api/v1/cases/${theirs.body.items[0].id}`,
      { token: officer },
    );
    expect(saved.body).toMatchObject({
      channel: 'letter',
      source: 'assigned',
      sourceLevel: 'provincial',
      externalRef: `SJ-KB-${person.idNumber.slice(-6)}`,
      provincialDueDate: due,
      title,
      purpose: 'suggestion',
      categoryCode: '010301',
      locality: '某街道某小区',
      flags: expect.objectContaining({ jointSigned: true, skipLevel: false }),
      officerId: stack.users.officer.id,
    });

    // After saving, the focus is on the new number (the second Enter did nothing there), and the
    // next steps are a Tab away: print the receipt, then start the next case at its first field.
    expect(await focused(page)).toBe(`登记成功：${caseNo}`);
    await next(page, '按钮:打印登记回执');
    await next(page, '按钮:登记下一件');
    await next(page, '按钮:查看信访件'); // one stop (it was a link around a button: two)
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toBe('按钮:登记下一件');
    await page.keyboard.press('Enter');
    await page.getByTestId('register-title').waitFor();
    expect(await focused(page)).toBe('信访形式:来访');
    await page.context().close();
  });

  it('refuses an ID number whose check digit is wrong as it is typed, and registers it only marked unverified with a reason', async () => {
    const page = await officePage(browser);
    await signIn(page, stack.baseUrl, stack.users.reception, '/cases/new');
    await page.getByTestId('register-title').waitFor();
    const good = idNumber();
    const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    await page.getByTestId('register-title').fill('反映小区路灯损坏');
    await page.getByTestId('register-content').fill('小区路灯损坏三个月未修，请求处理。');
    await pick(page, 'register-purpose', '意见建议');
    await pickCategory(page, '010301', '物业服务质量');
    await page.getByTestId('register-locality').fill('某街道某小区');
    await page.getByTestId('petitioner-0-name').fill('钱某某');
    await page.getByTestId('petitioner-0-id-number').fill(bad);
    // The form says what is wrong before anything is sent, and offers the way out.
    const explain = page
      .locator('.ant-form-item-explain-error')
      .filter({ hasText: '校验位不正确' });
    await explain.waitFor();
    await page.getByTestId('register-save').click();
    await explain.waitFor();
    expect(await page.getByTestId('register-case-no').count()).toBe(0);

    await page.getByTestId('petitioner-0-id-unverified').check();
    await page.getByTestId('petitioner-0-id-unverified-reason').fill('证件原件如此，已拍照留存');
    await page.getByTestId('register-save').click();
    await page.getByTestId('register-case-no').waitFor();
    const caseNo = (await page.getByTestId('register-case-no').textContent())!.replace(/^.*：/, '');

    const officer = await stack.signIn(stack.users.officer);
    const found = await stack.call<{ items: { id: number; caseNo: string }[] }>(
      'GET',
      `/api/v1/cases?idNumber=${bad}`,
      { token: officer },
    );
    expect(found.body.items.map((c) => c.caseNo)).toEqual([caseNo]);
    const saved = await stack.call<{ petitioners: { idUnverifiedReason: string | null }[] }>(
      'GET',
      `/api/v1/cases/${found.body.items[0].id}`,
      { token: officer },
    );
    expect(saved.body.petitioners[0].idUnverifiedReason).toBe('证件原件如此，已拍照留存');
    await page.context().close();
  });
  it('shows the upper office’s number and deadline on the case page, warns when the clock ends after it, and an officer corrects it', async () => {
    const reception = await stack.signIn(stack.users.reception);
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(
      new Date(),
    );
    const day = (n: number) =>
      new Date(Date.parse(`${today}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
    const ref = `SJ-UP-${idNumber().slice(-6)}`;
    const created = await stack.call<{ id: number; caseNo: string }>('POST', '/api/v1/cases', {
      token: reception,
      body: {
        channel: 'letter',
        source: 'assigned',
        sourceLevel: 'municipal',
        externalRef: ref,
        // Before the 15-day triage clock ends: the case page warns.
        provincialDueDate: day(5),
        title: '反映拖欠工资问题',
        content: '来信反映某公司拖欠工资三个月，请求督促支付。',
        purpose: 'complaint',
        categoryCode: '010301',
        locality: '某街道',
        personCount: 1,
        petitioners: [{ kind: 'person', name: '周某某', idNumber: idNumber() }],
      },
    });
    expect(created.status).toBe(201);

    const page = await officePage(browser);
    await signIn(page, stack.baseUrl, stack.users.officer, `/cases/${created.body.id}`);
    await expect(page.getByTestId('case-external-ref').textContent()).resolves.toBe(ref);
    await expect(page.getByTestId('case-provincial-due-date').textContent()).resolves.toBe(day(5));
    await expect(page.getByTestId('upper-deadline-warning').innerText()).resolves.toContain(
      `晚于上级办理期限 ${day(5)}`,
    );

    await page.getByTestId('action-correct_upper_office').click();
    await expect(page.getByTestId('action-field-externalRef').inputValue()).resolves.toBe(ref);
    const picker = page.getByTestId('action-field-provincialDueDate');
    await picker.click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(day(40));
    await page.keyboard.press('Enter');
    await page.getByTestId('action-field-reason').fill('市信访局来函延长办理期限');
    await page.getByTestId('action-submit').click();
    await page.getByTestId('action-submit').waitFor({ state: 'detached' });

    await expect(page.getByTestId('case-provincial-due-date').textContent()).resolves.toBe(day(40));
    await page.getByTestId('upper-deadline-warning').waitFor({ state: 'detached' });
    await page.getByText('更正上级信访件编号/办理期限').first().waitFor();
    const officer = await stack.signIn(stack.users.officer);
    const timeline = await stack.call<{ events: { type: string; data: object }[] }>(
      'GET',
      `/api/v1/cases/${created.body.id}/timeline`,
      { token: officer },
    );
    expect(timeline.body.events.at(-1)).toMatchObject({
      type: 'upper_office_corrected',
      data: {
        before: { provincialDueDate: day(5) },
        after: { provincialDueDate: day(40) },
        reason: '市信访局来函延长办理期限',
      },
    });

    // The list finds it by its upper deadline, and shows the deadline in its own column.
    await page.goto(
      `${stack.baseUrl}/cases?provincialDueFrom=${day(40)}&provincialDueTo=${day(40)}`,
    );
    const row = page
      .locator('tr')
      .filter({ has: page.getByTestId(`case-link-${created.body.caseNo}`) });
    await expect(row.innerText()).resolves.toContain(day(40));
    await page.context().close();
  });
});
