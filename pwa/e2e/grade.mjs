// 听课评课 on a phone-sized screen in Debian's Chromium: a supporting teacher signs in,
// goes offline, grades a partner teacher's lesson, reloads the app (from its service
// worker), sees the grade queued, goes online and sees it sent; then opens 我的送教, online
// and offline. The Go test checks through the API that the grade was stored once, as
// entered, and that the teacher's totals are the server's.
//
//   node e2e/grade.mjs URL USER PASSWORD TOPIC OUTDIR
import { launch, dumpPages, openSignIn } from './browser.mjs';
import { checkA11y } from './a11y.mjs';

const [url, user, password, topic, out] = process.argv.slice(2);
const browser = await launch();
const step = (s) => console.error(`e2e: ${s}`);
try {
  const { ctx, page } = await openSignIn(browser, url, user, password);
  await page.click('form button[type=submit]');
  await page.waitForSelector('nav button[data-screen=grade]');
  // The first screen: what is due, from the server.
  await page.waitForFunction(() => {
    const due = JSON.parse(localStorage.getItem('cache:due') ?? 'null');
    return due && (due.items.length === 0 || document.querySelectorAll('section.due li.due-item').length === due.items.length);
  });
  const due = await page.$$eval('section.due li.due-item', (l) => l.map((x) => x.dataset.kind));
  await page.screenshot({ path: `${out}/home-due-360.png`, fullPage: true });
  await checkA11y(page, 'home with what is due');
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller);
  await page.waitForFunction(() => (JSON.parse(localStorage.getItem('cache:partnerTeachers') ?? '[]') ?? []).length > 0);
  // The screen's chunk is fetched once online, so that it opens with no signal.
  await page.click('nav button[data-screen=grade]');
  await page.waitForSelector('form.grade-form select[name=teacher]');
  step('signed in; the partner teachers are kept on the phone');

  await ctx.setOffline(true);
  await page.reload();
  await page.waitForSelector('nav button[data-screen=grade]');
  await page.click('nav button[data-screen=grade]');
  await page.waitForSelector('form.grade-form select[name=teacher]');
  const teacher = await page.locator('select[name=teacher]').inputValue();
  await page.fill('input[name=topic]', topic);
  await page.selectOption('select[name=domain]', 'SCIENCE');
  await page.check('input[name=grade][value=EXCELLENT]');
  await page.fill('textarea[name=comments]', '提问有层次，幼儿参与度高');
  await page.screenshot({ path: `${out}/grade-360.png`, fullPage: true });
  await checkA11y(page, 'grade a lesson');
  await page.click('form.grade-form button[type=submit]');
  await page.waitForSelector('form.grade-form .ok');
  step('graded offline');

  await page.reload();
  await page.waitForSelector('nav');
  await page.click('nav button[data-screen=records]');
  await page.waitForSelector('.record[data-state=queued]');
  const queued = await page.locator('.record[data-state=queued]').count();
  await page.screenshot({ path: `${out}/grade-queued-360.png`, fullPage: true });
  step(`after a reload offline: ${queued} queued`);

  await ctx.setOffline(false);
  await page.waitForFunction(() => document.querySelectorAll('.record[data-state=synced]').length >= 1 &&
    document.querySelectorAll('.record[data-state=queued]').length === 0, null, { timeout: 90000 });
  await page.screenshot({ path: `${out}/grade-synced-360.png`, fullPage: true });
  step('online again: sent');

  // 我的送教: the teacher's own totals from the server, and the same with no signal.
  await page.click('nav button[data-screen=mine]');
  await page.waitForSelector('.mine-totals dd[data-k=sessions]');
  const totals = async () => Object.fromEntries(await page.$$eval('.mine-totals dd', (d) => d.map((x) => [x.dataset.k, Number(x.textContent)])));
  const online = await totals();
  // A reflection on the latest session.
  const first = page.locator('ul.mine-sessions li').first();
  const reflected = await first.getAttribute('data-session');
  await first.locator('button.reflect').click();
  await first.locator('textarea[name=reflectionText]').fill(`${topic} 反思：下次给幼儿更多动手时间。`);
  await page.screenshot({ path: `${out}/mine-360.png`, fullPage: true });
  await checkA11y(page, 'my teaching');
  await first.locator('button.save-reflection').click();
  await first.locator('.ok').waitFor();
  // The reflection went to the outbox: it has left it (been sent) before the phone goes offline.
  await page.click('nav button[data-screen=records]');
  await page.waitForFunction(() => document.querySelectorAll('.record').length >= 2 &&
    document.querySelectorAll('.record[data-state=queued]').length === 0, null, { timeout: 90000 });
  await ctx.setOffline(true);
  await page.reload();
  await page.waitForSelector('nav button[data-screen=mine]');
  await page.click('nav button[data-screen=mine]');
  await page.waitForSelector('.mine-totals dd[data-k=sessions]');
  const offline = await totals();
  await page.screenshot({ path: `${out}/mine-offline-360.png`, fullPage: true });
  await ctx.setOffline(false);
  step(`my teaching: ${JSON.stringify(online)} online, ${JSON.stringify(offline)} offline`);
  console.log(JSON.stringify({ ok: true, teacher, queued, online, offline, due, reflected }));
} catch (e) {
  await dumpPages(browser, out);
  throw e;
} finally {
  await browser.close();
}
