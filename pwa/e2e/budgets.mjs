// The phone app's speed budgets, in Debian's Chromium emulating a slow 3G phone network
// (400 kbps down and up, 400 ms round trip): the first render of a first visit, the
// repeat visit with no network at all, and the size a 12 MP camera photo leaves the
// phone at. Prints one JSON line; bench/pwa runs it and reports.
//
//   node e2e/budgets.mjs URL USER PASSWORD PHOTO
import { launch } from './browser.mjs';

const [url, user, password, photo] = process.argv.slice(2);
const browser = await launch();
try {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'zh-CN' });
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 400, downloadThroughput: (400 * 1024) / 8, uploadThroughput: (400 * 1024) / 8,
  });
  // First visit: nothing cached. Rendered = the sign-in form is on screen.
  let t0 = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForSelector('input[name=username]');
  const firstRenderMs = Date.now() - t0;

  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', password);
  await page.click('form button[type=submit]');
  await page.waitForSelector('nav');
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller);
  // One online visit keeps what the teacher needs offline.
  await page.waitForFunction(() => localStorage.getItem('cache:colleagues') !== null);

  // Repeat visit with no network: the service worker serves the app.
  await ctx.setOffline(true);
  t0 = Date.now();
  await page.reload({ waitUntil: 'commit' });
  await page.waitForSelector('nav');
  const offlineRepeatMs = Date.now() - t0;

  // A 12 MP camera photo through the app's own shrinking, as queued in its outbox.
  await page.click('nav button:nth-child(2)');
  await page.setInputFiles('input[name=photos]', [photo]);
  await page.click('form.card button[type=submit]');
  await page.waitForSelector('.ok', { timeout: 60000 });
  const photoBytes = await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('handinhand');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('outbox').objectStore('outbox').getAll();
          req.onsuccess = () => resolve(req.result.filter((i) => i.op === 'photo').map((i) => i.blob.size));
          req.onerror = () => reject(req.error);
        };
      }),
  );
  console.log(JSON.stringify({ firstRenderMs, offlineRepeatMs, photoBytes }));
} finally {
  await browser.close();
}
