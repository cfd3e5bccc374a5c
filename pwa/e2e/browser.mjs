// Starting Debian's Chromium for the browser tests, and what to keep when a test fails.
import { chromium } from 'playwright-core';

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/** Saves a screenshot and the text of every open page, to see what the screen showed. */
export async function dumpPages(browser, out) {
  for (const [i, p] of browser.contexts().flatMap((c) => c.pages()).entries()) {
    await p.screenshot({ path: `${out}/failure-${i}.png`, fullPage: true }).catch(() => {});
    console.error(`e2e: on failure, page ${i} showed: ${(await p.locator('main').innerText().catch(() => '')).slice(0, 800)}`);
  }
}

/** A phone (360×640) or, with desktop, a 1280×800 screen. */
export const phone = { viewport: { width: 360, height: 640 }, locale: 'zh-CN', deviceScaleFactor: 2 };
export const desktop = { viewport: { width: 1280, height: 800 }, locale: 'zh-CN' };

/** Opens the app in a new browser context and fills in the sign-in form, not yet sent. */
export async function openSignIn(browser, url, user, password, screen = phone) {
  const ctx = await browser.newContext(screen);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await page.goto(url);
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', password);
  return { ctx, page };
}
