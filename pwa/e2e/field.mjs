// The phone in the field, in Debian's Chromium at 360×640 against the real server: what
// goes wrong on a shared, slow, sometimes-offline phone, each reproduced and survived.
//   1. Two users on one phone: a lesson queued offline by the teacher waits through the
//      partner's sign-in (nothing sent, nothing listed as the partner's) and goes up
//      when the teacher is back.
//   2. A photo upload that never gets an answer is abandoned and sent again, without
//      reopening the app.
//   3. After failed tries have grown the retry wait, the network's return sends at once.
//   4. With the app closed, the service worker sends the queue (Background Sync).
//   5. Typing while photos are prepared (on a CPU slowed six times, each decode 2 s longer)
//      is kept.
//   6. A photo whose EXIF says it was taken 30 days before, sent for two lessons: its
//      capture time goes up as takenAt, and the bureau sees it flagged twice.
//   7. Pause and Wi-Fi only hold the queue (the MB waiting shown) and release it.
// Prints one JSON line with the topics used; the Go test checks them through the API.
//
//   node e2e/field.mjs URL PASSWORD TAG OUTDIR SCENE_PHOTO BIG_PHOTO…
import { launch, dumpPages, openSignIn, phone, desktop } from './browser.mjs';
import { checkA11y } from './a11y.mjs';

const [url, password, tag, out, scene, ...big] = process.argv.slice(2);
const browser = await launch();
const step = (s) => console.error(`e2e: ${s} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
const t0 = Date.now();
const topics = {
  shared: `共用手机 ${tag}`, stall: `上传卡住 ${tag}`, retry: `恢复网络 ${tag}`, worker: `后台发送 ${tag}`,
  typing: `边处理边填写 ${tag}`, notes: `照片处理时写下的反思 ${tag}`, taken1: `拍摄日期 ${tag}`, taken2: `同一张照片 ${tag}`,
  paused: `暂停 ${tag}`, wifi: `仅WLAN ${tag}`,
};

async function signIn(page, user) {
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', password);
  await page.click('form button[type=submit]');
  await page.waitForSelector('nav');
  await page.waitForFunction(() => localStorage.getItem('cache:me') !== null);
}

async function logLesson(page, topic, files = []) {
  await page.click('nav button[data-screen=log]');
  await page.fill('input[name=topic]', topic);
  if (files.length) await page.setInputFiles('input[name=photos]', files);
  await page.click('form.card button[type=submit]');
  await page.waitForSelector('.ok', { timeout: 90000 });
}

async function records(page) {
  await page.click('nav button[data-screen=home]');
  await page.click('nav button[data-screen=records]');
  await page.waitForSelector('section h2');
}

/** The state of the signed-in user's row for a topic ('' if it has none). */
const rowState = (page, topic) => page.evaluate((tp) =>
  [...document.querySelectorAll('.record')].find((r) => r.textContent.includes(tp))?.getAttribute('data-state') ?? '', topic);

const synced = (page, topic, timeout = 30000) => page.waitForFunction((tp) =>
  [...document.querySelectorAll('.record')].some((r) => r.textContent.includes(tp) && r.getAttribute('data-state') === 'synced'),
  topic, { timeout });

/** The newest sessions the server has, as the user with token sees them. */
const NEWEST = 'query{ teachingSessions(first:100, orderBy:{field:CREATED_AT, direction:DESC}){ edges { node { topic } } } }';
const countTopic = (d, topic) => {
  if (d.errors) throw new Error(d.errors[0].message);
  return d.data.teachingSessions.edges.filter((e) => e.node.topic === topic).length;
};

/** How many of the signed-in user's sessions have the topic, on the server. */
async function stored(page, topic) {
  const d = await page.evaluate(async (q) => {
    const r = await fetch('/graphql', {
      method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${localStorage.getItem('token')}` },
      body: JSON.stringify({ query: q }),
    });
    return r.json();
  }, NEWEST);
  return countTopic(d, topic);
}

try {
  // 1. Two users on one phone.
  const { ctx, page } = await openSignIn(browser, url, 'teacher', password);
  await page.click('form button[type=submit]');
  await page.waitForSelector('nav');
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller);
  await page.waitForFunction(() => localStorage.getItem('cache:colleagues') !== null);
  await ctx.setOffline(true);
  await logLesson(page, topics.shared);
  let asked = '';
  page.once('dialog', (d) => {
    asked = d.message();
    d.accept();
  });
  await page.click('button.logout');
  await page.waitForSelector('input[name=username]');
  if (!asked.includes('1 条记录') || !asked.includes('你本人')) throw new Error(`signing out said "${asked}"`);
  step(`the teacher signed out with a lesson queued, told: ${asked}`);
  await ctx.setOffline(false);
  await signIn(page, 'partner');
  await records(page);
  await page.waitForSelector('[data-others]');
  await page.waitForTimeout(4000); // a pass has had every chance to run
  const partnerRows = await page.locator('.record').count();
  if (partnerRows !== 0) throw new Error(`the partner's records list shows ${partnerRows} rows of another user`);
  if ((await stored(page, topics.shared)) !== 0) throw new Error("the teacher's lesson went up while the partner was signed in");
  await page.screenshot({ path: `${out}/shared-phone-partner.png`, fullPage: true });
  await checkA11y(page, 'records, another user signed in');
  step("the partner sees the teacher's lesson waiting for its owner, and nothing was sent");
  await page.click('button.logout');
  await page.waitForSelector('input[name=username]');
  await signIn(page, 'teacher');
  await records(page);
  await synced(page, topics.shared);
  step('the teacher signed in again: the lesson went up');

  // 2. A photo upload that never gets an answer.
  let stalled = 0;
  const hang = (route) => {
    stalled++; // never answered: the request hangs until the app gives up on it
  };
  await page.route('**/photo-uploads/**', hang);
  const abandoned = page.waitForEvent('requestfailed', { predicate: (r) => r.url().includes('/photo-uploads/'), timeout: 120000 });
  await logLesson(page, topics.stall, [big[0]]);
  await records(page);
  await abandoned;
  step(`the stalled upload was abandoned (${stalled} tries held)`);
  await page.unroute('**/photo-uploads/**', hang);
  await page.waitForFunction((tp) => [...document.querySelectorAll('.record')].some((r) => r.textContent.includes(tp) &&
    r.getAttribute('data-state') === 'synced' && r.querySelector('.photos-state')?.getAttribute('data-uploaded') === '1'),
  topics.stall, { timeout: 90000 });
  step('then sent again and uploaded, without reopening the app');

  // 3. Failed tries grow the wait; the network's return cuts it short.
  let refused = 0;
  const flaky = (route) => {
    if ((route.request().postData() ?? '').includes('logTeachingSession')) {
      refused++;
      return route.abort('internetdisconnected');
    }
    return route.continue();
  };
  await page.route('**/graphql', flaky);
  await logLesson(page, topics.retry);
  await records(page);
  // The save's own pass fails first; each 立即同步 then tries again at once.
  const moreRefused = async (n) => {
    const until = Date.now() + 10000;
    while (refused < n && Date.now() < until) await page.waitForTimeout(100);
  };
  await moreRefused(1);
  while (refused >= 1 && refused < 5) {
    const before = refused;
    await page.click('button:has-text("立即同步")');
    await moreRefused(before + 1);
    if (refused === before) break;
  }
  if (refused < 5) throw new Error(`only ${refused} tries failed`);
  if ((await rowState(page, topics.retry)) === 'synced') throw new Error('sent through a refusing network');
  await page.unroute('**/graphql', flaky);
  // The next wait is over 30 s now; the network coming back sends at once.
  await ctx.setOffline(true);
  await page.waitForTimeout(300);
  const back = Date.now();
  await ctx.setOffline(false);
  await synced(page, topics.retry, 10000);
  const reconnectMs = Date.now() - back;
  step(`after ${refused} failed tries, the network's return sent it in ${reconnectMs} ms`);

  // 4. The app closed: the service worker sends the queue.
  const token = await page.evaluate(() => localStorage.getItem('token'));
  await ctx.setOffline(true);
  await logLesson(page, topics.worker);
  await page.close();
  const blank = await ctx.newPage();
  await blank.goto('about:blank');
  await ctx.setOffline(false);
  const cdp = await ctx.newCDPSession(blank);
  const reg = new Promise((resolve) => cdp.on('ServiceWorker.workerRegistrationUpdated', (e) => {
    const r = e.registrations.find((x) => x.scopeURL.startsWith(url) && !x.isDeleted);
    if (r) resolve(r.registrationId);
  }));
  await cdp.send('ServiceWorker.enable');
  const registrationId = await reg;
  let workerSent = false;
  const gql = (query) => fetch(`${url}/graphql`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  }).then((r) => r.json());
  for (let i = 0; i < 60 && !workerSent; i++) {
    if (ctx.pages().some((p) => p.url().startsWith(url))) throw new Error('a window of the app is open');
    await cdp.send('ServiceWorker.dispatchSyncEvent', { origin: new URL(url).origin, registrationId, tag: 'outbox', lastChance: false }).catch(() => {});
    await new Promise((r) => setTimeout(r, 1000));
    workerSent = countTopic(await gql(NEWEST), topics.worker) === 1;
  }
  if (!workerSent) throw new Error('the service worker did not send the queue with the app closed');
  step('with no window open, the service worker sent the lesson');

  // 5. Typing while photos are being prepared, on a phone six times slower.
  const p2 = await ctx.newPage();
  p2.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  // Chromium decodes images off the main thread, which CPU throttling does not slow: a
  // cheap phone's decoding time (about 2 s a 12 MP photo) is added before each decode.
  await p2.addInitScript(() => {
    const decode = self.createImageBitmap.bind(self);
    self.createImageBitmap = (...args) => new Promise((r) => setTimeout(r, 2000)).then(() => decode(...args));
  });
  await p2.goto(url);
  await p2.waitForSelector('nav');
  await synced(p2, topics.worker).catch(() => {}); // listed as uploaded once the app looks
  const slow = await ctx.newCDPSession(p2);
  await slow.send('Emulation.setCPUThrottlingRate', { rate: 6 });
  await p2.click('nav button[data-screen=log]');
  await p2.setInputFiles('input[name=photos]', big);
  await p2.click('form.card button[type=submit]');
  await p2.waitForSelector('.saving');
  await p2.fill('input[name=topic]', topics.typing);
  await p2.fill('textarea[name=notes]', topics.notes);
  const stillPreparing = await p2.locator('.saving').count();
  await p2.screenshot({ path: `${out}/saving-while-preparing.png`, fullPage: true });
  await p2.waitForSelector('.ok', { timeout: 120000 });
  await slow.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  if (!stillPreparing) throw new Error('the photos were ready before the typing ended: nothing was tested');
  await records(p2);
  await p2.waitForFunction((tp) => [...document.querySelectorAll('.record')].some((r) => r.textContent.includes(tp) &&
    r.getAttribute('data-state') === 'synced' && r.querySelector('.photos-state')?.getAttribute('data-uploaded') === '3'),
  topics.typing, { timeout: 120000 });
  step('what was typed while three photos were prepared was saved with them');

  // 6. A photo taken 30 days before, sent for two lessons.
  await logLesson(p2, topics.taken1, [scene]);
  await logLesson(p2, topics.taken2, [scene]);
  await records(p2);
  for (const tp of [topics.taken1, topics.taken2]) {
    await p2.waitForFunction((x) => [...document.querySelectorAll('.record')].some((r) => r.textContent.includes(x) &&
      r.querySelector('.photos-state')?.getAttribute('data-uploaded') === '1'), tp, { timeout: 60000 });
  }
  const { page: bp } = await openSignIn(browser, url, 'bureau', password, desktop);
  await bp.click('form button[type=submit]');
  await bp.waitForSelector('ul.flagged li');
  await bp.waitForFunction(() => [...document.querySelectorAll('ul.flagged > li')].filter((li) => li.getAttribute('data-kinds').includes('CAPTURE_DATE_FAR')).length >= 2 &&
    [...document.querySelectorAll('ul.flagged > li')].some((li) => li.getAttribute('data-kinds').includes('REUSED')));
  const flaggedText = await bp.locator('ul.flagged').innerText();
  if (!flaggedText.includes('早 30 天') || !flaggedText.includes('同一张照片')) throw new Error(`the bureau reads: ${flaggedText.slice(0, 300)}`);
  await bp.screenshot({ path: `${out}/bureau-flagged-photos.png`, fullPage: true });
  await checkA11y(bp, 'bureau dashboard with flagged photos');
  step('the bureau sees the photo taken 30 days before, and the same photo on a second lesson');

  // 7. Pause and Wi-Fi only, on a phone that says it is on mobile data.
  const mobile = await browser.newContext(phone);
  await mobile.addInitScript(() => {
    const conn = new EventTarget();
    conn.type = 'cellular';
    Object.defineProperty(navigator, 'connection', { get: () => conn });
    window.__network = (type) => {
      conn.type = type;
      conn.dispatchEvent(new Event('change'));
    };
  });
  const mp = await mobile.newPage();
  mp.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  await mp.goto(url);
  await signIn(mp, 'teacher');
  await records(mp);
  if (await mp.locator('[data-network=unknown]').count()) throw new Error('the network type is known here');
  await mp.check('input[name=wifiOnly]');
  await logLesson(mp, topics.wifi, [big[1]]);
  await records(mp);
  await mp.waitForSelector('[data-hold=mobileData]');
  await mp.waitForTimeout(3000);
  const banner = mp.locator('.banner[data-pending]');
  const waitingBytes = Number(await banner.getAttribute('data-bytes'));
  const bannerText = await banner.innerText();
  if (!(waitingBytes > 50000) || !/\d+(\.\d)? MB/.test(bannerText) || !bannerText.includes('1 张照片')) {
    throw new Error(`the banner says "${bannerText}" (${waitingBytes} bytes)`);
  }
  if ((await rowState(mp, topics.wifi)) !== 'queued') throw new Error('sent over mobile data with Wi-Fi only set');
  await mp.screenshot({ path: `${out}/wifi-only-held.png`, fullPage: true });
  await checkA11y(mp, 'records held off mobile data');
  step(`Wi-Fi only holds the queue on mobile data: "${bannerText}"`);
  await mp.evaluate(() => window.__network('wifi'));
  await synced(mp, topics.wifi, 30000);
  step('on Wi-Fi it went up');
  await mp.check('input[name=paused]');
  await logLesson(mp, topics.paused);
  await records(mp);
  await mp.waitForSelector('[data-hold=paused]');
  if (!(await mp.locator('button:has-text("立即同步")').isDisabled())) throw new Error('立即同步 works while paused');
  await mp.waitForTimeout(3000);
  if ((await rowState(mp, topics.paused)) !== 'queued') throw new Error('sent while paused');
  await mp.reload();
  await mp.waitForSelector('nav');
  await records(mp);
  if (!(await mp.isChecked('input[name=paused]'))) throw new Error('the pause was forgotten on reload');
  step('paused: held, and still paused after a reload');
  await mp.evaluate(() => window.__network('wifi')); // the reload put the phone back on mobile data
  await mp.waitForTimeout(1000);
  if ((await rowState(mp, topics.paused)) !== 'queued') throw new Error('sent on Wi-Fi while paused');
  await mp.uncheck('input[name=paused]');
  await synced(mp, topics.paused, 30000);
  step('resumed: it went up');
  console.log(JSON.stringify({ ok: true, topics, reconnectMs, stalled, refused }));
} catch (e) {
  await dumpPages(browser, out);
  throw e;
} finally {
  await browser.close();
}
