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
