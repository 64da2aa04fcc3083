import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

/** Debian's Chromium (scripts/services.sh installs it); CHROMIUM_PATH to use another. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(__dirname, '../../../docs/screenshots');

/** One headless Chromium for the whole run: no sandbox (containers), no background traffic. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-default-apps',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
}

/** A fresh browser profile (its own session storage), at 1280×900 like an office screen. */
export async function officePage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  return context.newPage();
}

/** Signs in on the console's form and waits for the frame (user menu) at `path`. */
export async function signIn(
  page: Page,
  baseUrl: string,
  user: { username: string; password: string },
  path = '/',
): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  await page.getByTestId('sign-in-username').fill(user.username);
  await page.getByTestId('sign-in-password').fill(user.password);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('user-menu').waitFor();
}

/** A screenshot of the screen the walk is on, for the README (docs/screenshots). */
/**
 * What a screen must never show as text: markup or code that leaked out of a JSX tag, and an
 * API code the dictionary has no Chinese name for (the timeline's 「其他（…）」).
 */
const LEAKS = [
  /\b(?:data-testid|aria-label|className|onClick)=/,
  /其他（[a-z_]+）/,
  /undefined|\[object Object\]/,
];

/** Every screenshot first checks the page's visible text for leaks (LEAKS). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const text = await page.locator('body').innerText();
  const leaked = LEAKS.flatMap((re) => text.match(re) ?? []);
  if (leaked.length) throw new Error(`${name}: the screen shows ${JSON.stringify(leaked)}`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({
    path: join(SCREENSHOTS, `${name}.png`),
    fullPage: false,
    animations: 'disabled',
  });
}

/** The options of the Ant Design select lists open now (one closing may still be fading out). */
const OPEN_OPTIONS =
  '.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option';

/**
 * Picks the option a person reads, its whole label (「支持」 is not 「不予支持」), in the Ant
 * Design select open now.
 */
export async function chooseOpen(page: Page, option: string): Promise<void> {
  await page.locator(OPEN_OPTIONS).getByText(option, { exact: true }).first().click();
}

/**
 * Opens an Ant Design select by its test id, picks the option a person reads, and waits until the
 * select shows it: the value is the form's before the next step (a submit) reads it. A click that
 * did not take (once, under load, the option clicked was not the select's choice afterwards) is
 * clicked again, at most twice, and a select that never shows it fails saying what it shows.
 */
export async function pick(page: Page, testId: string, option: string): Promise<void> {
  const select = page.getByTestId(testId);
  for (let attempt = 1; ; attempt++) {
    if (!(await select.evaluate((el) => el.classList.contains('ant-select-open'))))
      await select.click();
    await chooseOpen(page, option);
    try {
      await shows(select, option, 5_000);
      return;
    } catch (e) {
      if (attempt === 3) {
        const shown = await select.locator('.ant-select-selection-item').allInnerTexts();
        throw new Error(`${testId} shows ${JSON.stringify(shown)}, not ${option}: ${String(e)}`);
      }
    }
  }
}

/** Waits until the select shows `text` as its value. */
export async function shows(select: Locator, text: string, timeout?: number): Promise<void> {
  await select
    .locator('.ant-select-selection-item')
    .getByText(text, { exact: true })
    .waitFor({ timeout });
}

/** Picks a content category in the registration form by its code, as a clerk types it. */
export async function pickCategory(page: Page, code: string, name: string): Promise<void> {
  const select = page.getByTestId('register-category');
  await select.click();
  await page.keyboard.type(code);
  await page
    .locator('.ant-select-tree-node-content-wrapper')
    .filter({ hasText: `${code} ${name}` })
    .first()
    .click();
  await select.locator('.ant-select-selection-item').filter({ hasText: name }).waitFor();
}
