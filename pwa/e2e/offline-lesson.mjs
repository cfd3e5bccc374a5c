// End to end, in Debian's Chromium on a phone-sized screen: a teacher signs in, goes
// offline, logs a lesson with camera photos, reloads the app (served by its service
// worker), sees the lesson and photos queued, goes online and sees them all uploaded.
// Screenshots of each screen go to the output folder. The Go test that runs this checks
// through the API that the lesson and its photos were stored exactly once.
//
//   node e2e/offline-lesson.mjs URL USER PASSWORD TOPIC OUTDIR [PHOTO …]
import { launch, dumpPages, openSignIn, desktop } from './browser.mjs';
import { checkA11y } from './a11y.mjs';

const [url, user, password, topic, out, ...photos] = process.argv.slice(2);
const browser = await launch();
const step = (s) => console.error(`e2e: ${s}`);
try {
  const { ctx, page } = await openSignIn(browser, url, user, password);
  await page.screenshot({ path: `${out}/login.png` });
  await checkA11y(page, 'sign in');
  await page.click('form button[type=submit]');
  await page.waitForSelector('nav');
  await page.waitForSelector('h2');
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller);
  await page.waitForFunction(() => localStorage.getItem('cache:colleagues') !== null);
  await page.screenshot({ path: `${out}/home.png`, fullPage: true });
  await checkA11y(page, 'teacher home');
  step('signed in, app cached');

  await ctx.setOffline(true);
  await page.click('nav button[data-screen=log]');
  await page.fill('input[name=topic]', topic);
  await page.fill('input[name=hours]', '1.5');
  await page.check('input[name=domain][value=ART]');
  if (photos.length) await page.setInputFiles('input[name=photos]', photos);
  await page.click('form.card button[type=submit]');
  await page.waitForSelector('.ok', { timeout: 90000 });
  await page.screenshot({ path: `${out}/log-lesson-offline.png`, fullPage: true });
  await checkA11y(page, 'log a lesson');
  step('lesson saved offline');

  await page.reload();
  await page.waitForSelector('nav');
  await page.click('nav button[data-screen=records]');
  await page.waitForSelector('.record[data-state=queued]');
  await page.screenshot({ path: `${out}/records-offline.png`, fullPage: true });
  await checkA11y(page, 'teacher records');
  step('after a reload offline the lesson is queued');

  // One row for the lesson, its photos inside it.
  const queued = await page.locator('.record[data-state=queued]').count();
  if (queued !== 1) throw new Error(`${queued} records queued, want 1`);
  const inside = await page.locator('.record .photos-state').getAttribute('data-photos');
  if (Number(inside) !== photos.length) throw new Error(`the lesson's row holds ${inside} photos, want ${photos.length}`);

  await ctx.setOffline(false);
  await page.waitForFunction((n) => document.querySelectorAll('.record[data-state=synced]').length === 1 &&
    (n === 0 || document.querySelector('.record .photos-state')?.getAttribute('data-uploaded') === String(n)), photos.length, { timeout: 90000 });
  await page.screenshot({ path: `${out}/records-synced.png`, fullPage: true });
  step('online again: uploaded');

  // The partner kindergarten confirms it, with a rating.
  const { page: pp } = await openSignIn(browser, url, 'partner', password);
  await pp.click('form button[type=submit]');
  await pp.waitForSelector('nav button[data-screen=confirm]');
  const card = pp.locator('li.waiting', { hasText: topic });
  await card.waitFor();
  await pp.screenshot({ path: `${out}/partner-confirm.png`, fullPage: true });
  await checkA11y(pp, 'partner confirmation');
  await card.locator('select[name=rating]').selectOption('4');
  await card.locator('textarea[name=feedback]').fill('孩子们很投入');
  await card.locator('button.confirm').click();
  await pp.click('nav button[data-screen=records]');
  await pp.waitForSelector('.record[data-state=synced]', { timeout: 90000 });
  await pp.screenshot({ path: `${out}/partner-records.png`, fullPage: true });
  step('the partner confirmed it');

  // The teacher sees it confirmed, with the partner's rating.
  await page.click('nav button[data-screen=home]');
  await page.click('nav button[data-screen=records]');
  await page.waitForSelector('.record .confirmation.CONFIRMED', { timeout: 30000 });
  const shownState = await page.locator('.record .confirmation.CONFIRMED').first().innerText();
  if (!shownState.includes('★★★★') || shownState.includes('★★★★★')) throw new Error(`the teacher sees "${shownState}", want a 4-star confirmation`);
  await page.screenshot({ path: `${out}/records-confirmed.png`, fullPage: true });
  step(`the teacher sees it: ${shownState}`);

  // The partner logs its own teachers' study stay in the city.
  await pp.click('nav button[data-screen=log]');
  await pp.check('input[name=direction][value=INBOUND]');
  await pp.fill('input[name=topic]', `${topic} 跟岗`);
  await pp.click('form.card button[type=submit]');
  await pp.waitForSelector('.ok');
  await pp.screenshot({ path: `${out}/partner-log-study.png`, fullPage: true });
  await checkA11y(pp, 'partner log a study stay');
  await pp.click('nav button[data-screen=records]');
  await pp.waitForFunction(() => document.querySelectorAll('.record[data-state=synced]').length === 2, null, { timeout: 90000 });
  step('the partner logged a study stay');

  // The county bureau sees its region's numbers, the chart drawn.
  const { page: bp } = await openSignIn(browser, url, 'bureau', password, desktop);
  await bp.click('form button[type=submit]');
  await bp.waitForSelector('table.county-hours tr.total');
  await bp.waitForSelector('.chart svg');
  await bp.waitForSelector('.chart.trend svg');
  const hours = await bp.locator('table.county-hours tr.total td').nth(1).innerText();
  // Photo evidence: the teacher's photos, as thumbnails that load.
  await bp.waitForFunction(() => [...document.querySelectorAll('ul.photos img')].filter((i) => i.complete && i.naturalWidth > 0).length >= 3);
  const behind = await bp.locator('table.behind tbody tr').count();
  await bp.screenshot({ path: `${out}/bureau-dashboard.png`, fullPage: true });
  await checkA11y(bp, 'bureau dashboard');
  step(`the dashboard: trend chart, ${behind} partners behind, photo evidence shown`);
  step(`the bureau sees ${hours} hours in its region`);

  // Its own question: hours by activity type, then drilled into one type by month.
  await bp.click('nav button[data-screen=builder]');
  await bp.uncheck('input[name=dimension][value=COUNTY]');
  await bp.check('input[name=dimension][value=SESSION_TYPE]');
  await bp.click('button.run');
  await bp.waitForSelector('table.result tr.drill');
  const types = await bp.locator('table.result tr.drill').count();
  await bp.screenshot({ path: `${out}/bureau-builder.png`, fullPage: true });
  await checkA11y(bp, 'bureau statistics builder');
  await bp.locator('table.result tr.drill').first().click();
  await bp.click('button.run');
  await bp.waitForSelector('table.result tr.total');
  await bp.screenshot({ path: `${out}/bureau-builder-drilled.png`, fullPage: true });
  if (types < 2) throw new Error(`${types} activity types in the bureau's numbers`);
  step(`the bureau's own query: ${types} activity types, drilled into one`);
  console.log(JSON.stringify({ ok: true, bureauHours: Number(hours), behind }));
} catch (e) {
  await dumpPages(browser, out);
  throw e;
} finally {
  await browser.close();
}
