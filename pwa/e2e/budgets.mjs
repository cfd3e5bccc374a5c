// The phone app's speed budgets, in Debian's Chromium emulating a slow 3G phone network
// (400 kbps down and up, 400 ms round trip): the first render of a first visit (with its
// first contentful and largest contentful paint, as Lighthouse reports them), the sign-in,
// a repeat visit online and one with no network at all, and the size a 12 MP camera photo
// leaves the phone at. Before each phase it tells the bench which phase starts (GET
// MARK?phase=…), so that the bench counts the bytes the server sends in each. Prints one
// JSON line; bench/pwa runs it and reports.
//
//   node e2e/budgets.mjs URL USER PASSWORD PHOTO MARK
import { launch } from './browser.mjs';

const [url, user, password, photo, mark] = process.argv.slice(2);
const phase = (p) => fetch(`${mark}?phase=${p}`).then((r) => r.text());
const slow3G = { offline: false, latency: 400, downloadThroughput: (400 * 1024) / 8, uploadThroughput: (400 * 1024) / 8 };
const paints = () => new Promise((resolve) => {
  // The largest paint so far, once the page has had a moment to settle.
  let lcp = 0;
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) lcp = Math.max(lcp, e.startTime);
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  setTimeout(() => {
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0;
    resolve({ fcp, lcp });
  }, 1500);
});

const browser = await launch();
try {
  const ctx = await browser.newContext({ viewport: { width: 360, height: 640 }, locale: 'zh-CN' });
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', slow3G);
  // First visit: nothing cached. Rendered = the sign-in form is on screen.
  await phase('first');
  let t0 = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForSelector('input[name=username]');
  const firstRenderMs = Date.now() - t0;
  const first = await page.evaluate(paints);
  // The service worker keeps the app for offline use: what it fetches belongs to the
  // first visit too.
  await page.waitForFunction(() => navigator.serviceWorker?.controller, null, { timeout: 120000 });
  await page.waitForTimeout(1000);

  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await phase('signin');
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', password);
  await page.click('form button[type=submit]');
  await page.waitForSelector('nav');
  // One online visit keeps what the teacher needs offline.
  await page.waitForFunction(() => localStorage.getItem('cache:colleagues') !== null);
  await page.waitForTimeout(1000);

  // Repeat visit online, on slow 3G: the service worker serves the app; the network
  // carries the teacher's data.
  await cdp.send('Network.emulateNetworkConditions', slow3G);
  await phase('repeat');
  t0 = Date.now();
  await page.reload({ waitUntil: 'commit' });
  await page.waitForSelector('nav');
  const repeatRenderMs = Date.now() - t0;
  const repeat = await page.evaluate(paints);
  await page.waitForFunction(() => localStorage.getItem('cache:colleagues') !== null);
  await page.waitForTimeout(1500);
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

  // Repeat visit with no network: the service worker serves the app.
  await phase('offline');
  await ctx.setOffline(true);
  t0 = Date.now();
  await page.reload({ waitUntil: 'commit' });
  await page.waitForSelector('nav');
  const offlineRepeatMs = Date.now() - t0;

  // A 12 MP camera photo through the app's own shrinking, as queued in its outbox.
  await page.click('nav button[data-screen=log]');
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
  await phase('done');
  console.log(JSON.stringify({ firstRenderMs, first, repeatRenderMs, repeat, offlineRepeatMs, photoBytes }));
} finally {
  await browser.close();
}
