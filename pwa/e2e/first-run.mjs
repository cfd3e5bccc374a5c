// A county's first run through the screens alone, in Debian's Chromium against the real
// server on an empty store: the admin (at a desktop's width) is met by the first-run
// checklist, pastes the region tree, imports kindergartens and teachers from sheets, makes
// accounts for one kindergarten's teachers and downloads their passwords, sets up and
// activates a pairing — and the checklist goes. Then one of those teachers signs in on a
// phone with the initial password, chooses their own, and logs a lesson. Every screen is
// checked for accessibility and photographed.
//
// The kindergartens' first sheet has three bad rows and is refused row by row; the fixed
// one goes in. The admin also makes the county bureau's account; the teacher's lesson has
// a photo, and the bureau, after choosing its own password, opens that lesson from its
// compliance view and sees the photo.
//
//   node e2e/first-run.mjs URL ADMIN_PASSWORD REGIONS_FILE BAD_KG_CSV KINDERGARTENS_CSV TEACHERS_CSV SUPPORTING PARTNER TOPIC PHOTO OUTDIR
import { readFileSync } from 'node:fs';
import { launch, dumpPages, openSignIn, phone, desktop } from './browser.mjs';
import { checkA11y } from './a11y.mjs';

const [url, password, regionsFile, badKgCsv, kgCsv, teacherCsv, supporting, partner, topic, photo, out] = process.argv.slice(2);
const browser = await launch();
const step = (s) => console.error(`e2e: ${s}`);

async function pick(page, field, kg) {
  await page.fill(`input[name=${field}Search]`, kg);
  await page.waitForFunction(([f, n]) => [...document.querySelectorAll(`select[name=${f}] option`)].some((o) => o.textContent === n), [field, kg]);
  const id = await page.evaluate(([f, n]) => [...document.querySelectorAll(`select[name=${f}] option`)].find((o) => o.textContent === n).value, [field, kg]);
  await page.selectOption(`select[name=${field}]`, id);
}

async function importSheet(page, file) {
  await page.setInputFiles('.import input[name=importFile]', file);
  await page.click('button.check-import');
  await page.waitForSelector('.report[data-errors="0"][data-dry=true]');
  await page.click('button.commit-import');
  await page.waitForSelector('.report[data-errors="0"][data-dry=false]');
}

try {
  const { page } = await openSignIn(browser, url, 'admin', password, desktop);
  await page.click('form button[type=submit]');
  await page.waitForSelector('section.setup li.step[data-step=regions][data-done=false]');
  const first = await page.locator('nav button').first().getAttribute('data-screen');
  if (first !== 'setup') throw new Error(`the first screen is ${first}`);
  await page.screenshot({ path: `${out}/setup-empty-1280.png`, fullPage: true });
  await checkA11y(page, 'first-run checklist');

  await page.fill('textarea[name=regions]', readFileSync(regionsFile, 'utf8'));
  await page.click('button.add-regions');
  await page.waitForSelector('.regions-result');
  const regionsOk = Number(await page.locator('.regions-result').getAttribute('data-ok'));
  const regionProblems = Number(await page.locator('.regions-result').getAttribute('data-problems'));
  await page.waitForSelector('li.step[data-step=regions][data-done=true]');
  step(`regions pasted: ${regionsOk} added, ${regionProblems} line refused`);

  await page.click('li.step[data-step=kindergartens] button[data-go=people]');
  await page.waitForSelector('.import[data-kind=kindergartens]');
  await page.setInputFiles('.import input[name=importFile]', badKgCsv);
  await page.click('button.check-import');
  await page.waitForSelector('.report[data-dry=true]');
  const kgProblems = await page.$$eval('.report table.problems tr[data-row]', (r) => r.map((x) => Number(x.getAttribute('data-row'))));
  await page.screenshot({ path: `${out}/import-refused-1280.png`, fullPage: true });
  await checkA11y(page, 'a kindergartens sheet refused row by row');
  step(`the first kindergartens sheet refused in rows ${kgProblems.join(', ')}`);
  await importSheet(page, kgCsv);
  await page.click('button[data-tab=teachers]');
  await page.waitForSelector('.import[data-kind=teachers]');
  await importSheet(page, teacherCsv);
  step('kindergartens and teachers imported');

  await page.click('nav button[data-screen=accounts]');
  await page.fill('input[name=kgSearch]', supporting);
  await page.waitForFunction((n) => [...document.querySelectorAll('select[name=kindergarten] option')].some((o) => o.textContent === n), supporting);
  const kgId = await page.evaluate((n) => [...document.querySelectorAll('select[name=kindergarten] option')].find((o) => o.textContent === n).value, supporting);
  await page.selectOption('select[name=kindergarten]', kgId);
  await page.waitForSelector('table.teachers-table input[name=teacher]');
  await page.check('table.teachers-table input[name=all]');
  await page.click('button.create-accounts');
  await page.waitForSelector('.issued tr[data-username]');
  const made = await page.$$eval('.issued tr[data-username]', (rows) => rows.map((r) => ({
    username: r.getAttribute('data-username'), password: r.querySelector('td.password').textContent.trim() })));
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('button.download-accounts')]);
  const sheet = `${out}/${download.suggestedFilename()}`;
  await download.saveAs(sheet);
  await page.click('.issued button.secondary');
  step(`${made.length} accounts made, passwords downloaded`);
  await page.selectOption('select[name=oneRole]', 'BUREAU');
  await page.fill('input[name=oneUsername]', 'guangrao-bureau');
  await page.fill('input[name=oneName]', '广饶县教育局');
  await page.waitForFunction(() => [...document.querySelectorAll('select[name=oneRegion] option')].some((o) => o.value === '370523'));
  await page.selectOption('select[name=oneRegion]', '370523');
  await page.click('button.create-one');
  await page.waitForSelector('.issued tr[data-username=guangrao-bureau]');
  const bureau = { username: 'guangrao-bureau', password: (await page.locator('.issued tr[data-username=guangrao-bureau] td.password').innerText()).trim() };
  await page.screenshot({ path: `${out}/accounts-1280.png`, fullPage: true });
  await checkA11y(page, 'accounts');
  await page.click('.issued button.secondary');
  step('the county bureau\'s account made');

  await page.click('nav button[data-screen=pairingAdmin]');
  await page.click('button.new-pairing');
  await page.fill('form.pairing-form input[name=name]', `${supporting}—${partner}结对帮扶`);
  await pick(page, 'supporting', supporting);
  await pick(page, 'partner', partner);
  await page.click('button.save-pairing');
  const row = page.locator('table.pairings-table tr[data-status=DRAFT]').first();
  await row.waitFor();
  await row.locator('button.activate').click();
  await page.waitForSelector('table.pairings-table tr[data-status=ACTIVE]');
  step('a pairing set up and activated');

  await page.click('nav button[data-screen=setup]');
  await page.waitForFunction(() => !document.querySelector('nav button[data-screen=setup]'), null, { timeout: 15000 });
  await page.screenshot({ path: `${out}/after-setup-1280.png`, fullPage: true });
  step('every step done: the checklist is gone');

  // Every screen of the admin's, at a desktop's width and a phone's, checked.
  const screens = await page.$$eval('nav button[data-screen]', (b) => b.map((x) => x.getAttribute('data-screen')));
  for (const s of screens) {
    for (const size of [desktop.viewport, phone.viewport]) {
      await page.setViewportSize(size);
      await page.click(`nav button[data-screen=${s}]`);
      await page.waitForSelector('main section h2');
      await page.waitForTimeout(600);
      await page.screenshot({ path: `${out}/admin-${s}-${size.width}.png`, fullPage: true });
      await checkA11y(page, `admin: ${s} at ${size.width} px`);
    }
  }
  await page.setViewportSize(desktop.viewport);
  step(`the admin's ${screens.length} screens photographed at 1280 and 360 px`);

  const { page: tp } = await openSignIn(browser, url, made[0].username, made[0].password, phone);
  await tp.click('form button[type=submit]');
  await tp.waitForSelector('form.new-password');
  const own = 'my-own-password-2026';
  await tp.fill('input[name=newPassword]', own);
  await tp.fill('input[name=newPasswordAgain]', own);
  await tp.click('form.new-password button[type=submit]');
  await tp.waitForSelector('nav button[data-screen=log]');
  await tp.waitForFunction(() => localStorage.getItem('cache:pairings') !== null && JSON.parse(localStorage.getItem('cache:pairings')).length > 0);
  await tp.reload();
  await tp.waitForSelector('nav button[data-screen=log]');
  await tp.click('nav button[data-screen=log]');
  await tp.fill('input[name=topic]', topic);
  await tp.setInputFiles('input[name=photos]', [photo]);
  await tp.click('form.card button[type=submit]');
  await tp.waitForSelector('.ok', { timeout: 60000 });
  await tp.click('nav button[data-screen=records]');
  await tp.waitForFunction(() => document.querySelector('.record[data-state=synced] .photos-state')?.getAttribute('data-uploaded') === '1', null, { timeout: 60000 });
  await tp.screenshot({ path: `${out}/teacher-first-lesson-360.png`, fullPage: true });
  await checkA11y(tp, 'the new teacher’s records');
  for (const s of await tp.$$eval('nav button[data-screen]', (b) => b.map((x) => x.getAttribute('data-screen')))) {
    for (const size of [phone.viewport, desktop.viewport]) {
      await tp.setViewportSize(size);
      await tp.click(`nav button[data-screen=${s}]`);
      await tp.waitForTimeout(400);
      await tp.screenshot({ path: `${out}/teacher-${s}-${size.width}.png`, fullPage: true });
    }
  }
  await tp.setViewportSize(phone.viewport);
  step('the new teacher chose a password and logged a lesson with a photo');

  const { page: bp } = await openSignIn(browser, url, bureau.username, bureau.password, desktop);
  await bp.click('form button[type=submit]');
  await bp.waitForSelector('form.new-password');
  await bp.fill('input[name=newPassword]', 'bureau-own-password-1');
  await bp.fill('input[name=newPasswordAgain]', 'bureau-own-password-1');
  await bp.click('form.new-password button[type=submit]');
  await bp.click('nav button[data-screen=compliance]');
  const rowOf = bp.locator('table.compliance-table tbody tr[data-status]', { hasText: partner }).first();
  await rowOf.locator('button.open-records').click();
  const lesson = bp.locator('.records-behind tr[data-session]', { hasText: topic });
  await lesson.waitFor();
  await bp.waitForFunction((tp) => {
    const row = [...document.querySelectorAll('.records-behind tr[data-session]')].find((r) => r.textContent.includes(tp));
    const img = row?.querySelector('div.thumbs img');
    return img && img.complete && img.naturalWidth > 0;
  }, topic);
  await bp.screenshot({ path: `${out}/bureau-compliance-1280.png`, fullPage: true });
  await checkA11y(bp, 'the bureau\'s compliance view');
  step('the county bureau opened the lesson from its compliance view and sees its photo');
  console.log(JSON.stringify({ ok: true, regionsOk, regionProblems, kgProblems, made, sheet, own, bureau: bureau.username }));
} catch (e) {
  await dumpPages(browser, out);
  throw e;
} finally {
  await browser.close();
}
