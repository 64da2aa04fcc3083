import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser';
import { startStack, type Stack } from './support/stack';

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
  afterEach(() => {
    const state = expect.getState();
    if (state.assertionCalls > 0 && state.numPassingAsserts < state.assertionCalls) {
      process.stderr.write(`API log:\n${stack.log().slice(-4000)}\n`);
    }
  });

  /** A fresh browser profile (its own session storage), at 1280×800 like an office screen. */
  async function newPage(): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    contexts.push(context);
    return context.newPage();
  }

  it('signs in: a wrong password is refused on the form, the right one opens the home page by role', async () => {
    const page = await newPage();
    await page.goto(`${stack.baseUrl}/`);
    await page.waitForURL(/\/sign-in/);
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
});
