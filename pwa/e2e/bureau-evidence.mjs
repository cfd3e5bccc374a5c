// The bureau's evidence, in Debian's Chromium at a desktop's width against the real server:
// compliance for this semester with every row, a row opened to the lessons behind it and
// their photos, an earlier semester, only the rows behind; then the audit log of one
// lesson. Screens are checked for accessibility and photographed at 1280×800 and 360×640.
// Prints one JSON line; the Go test compares it with the API.
//
//   node e2e/bureau-evidence.mjs URL USER PASSWORD PARTNER_ID SESSION_ID OUTDIR
import { launch, dumpPages, openSignIn, phone, desktop } from './browser.mjs';
import { checkA11y } from './a11y.mjs';

const [url, user, password, partner, session, out] = process.argv.slice(2);
const browser = await launch();
const step = (s) => console.error(`e2e: ${s}`);
const rowCount = (page) => page.locator('table.compliance-table').getAttribute('data-rows').then(Number);
try {
  const { page } = await openSignIn(browser, url, user, password, desktop);
  await page.click('form button[type=submit]');
  await page.click('nav button[data-screen=compliance]');
  await page.waitForSelector('table.compliance-table');
  const rowsNow = await rowCount(page);
  const row = page.locator(`table.compliance-table tr[data-partner="${partner}"]`).first();
  await row.locator('button.open-records').click();
  await page.waitForSelector(`.records-behind tr[data-session="${session}"]`);
  await page.waitForFunction((id) => {
    const img = document.querySelector(`.records-behind tr[data-session="${id}"] div.thumbs img`);
    return img && img.complete && img.naturalWidth > 0;
  }, session);
  await page.screenshot({ path: `${out}/compliance-1280.png`, fullPage: true });
  await checkA11y(page, 'compliance with a row opened');
  step(`compliance: ${rowsNow} rows; the lesson and its photo behind the partner's row`);

  // The same row opened in the records browser, then the lesson's whole detail.
  const behindRow = Number(await page.locator('.records-behind').getAttribute('data-total'));
  await page.click('.records-behind button.browse');
  await page.waitForSelector('section.evidence table.evidence-table');
  await page.waitForFunction((n) => Number(document.querySelector('table.evidence-table')?.getAttribute('data-total')) === n, behindRow);
  await page.locator(`table.evidence-table tr[data-session="${session}"] button.open-detail`).click();
  await page.waitForFunction((id) => {
    const img = document.querySelector(`.session-detail[data-id="${id}"] ul.photos img`);
    return img && img.complete && img.naturalWidth > 0;
  }, session);
  await page.screenshot({ path: `${out}/evidence-1280.png`, fullPage: true });
  await checkA11y(page, 'records browser with a lesson opened');
  await page.selectOption('section.evidence select[name=status]', 'CONFIRMED');
  await page.waitForFunction(() => !document.querySelector('table.evidence-table') ||
    Number(document.querySelector('table.evidence-table').getAttribute('data-total')) >= 0);
  await page.waitForTimeout(500);
  const confirmedBehind = (await page.locator('table.evidence-table').count()) ? Number(await page.locator('table.evidence-table').getAttribute('data-total')) : 0;
  await page.setViewportSize(phone.viewport);
  await page.screenshot({ path: `${out}/evidence-360.png`, fullPage: true });
  await checkA11y(page, 'records browser at a phone’s width');
  await page.setViewportSize(desktop.viewport);
  step(`the row's ${behindRow} lessons in the records browser, ${confirmedBehind} of them confirmed; the lesson's detail and photo`);

  // A statistics row opens the records it counts.
  await page.click('nav button[data-screen=builder]');
  await page.click('button.run');
  await page.waitForSelector('table.result tr.drill button.records');
  const counted = await page.evaluate(() => {
    const head = [...document.querySelectorAll('table.result thead th')].map((th) => th.textContent);
    const row = document.querySelector('table.result tr.drill');
    const i = head.findIndex((h) => h === '次数' || h === '记录数' || h.includes('次数'));
    return i >= 0 ? Number(row.children[i].textContent) : -1;
  });
  await page.locator('table.result tr.drill').first().locator('button.records').click();
  await page.waitForSelector('section.evidence table.evidence-table');
  await page.waitForTimeout(500);
  const listed = Number(await page.locator('table.evidence-table').getAttribute('data-total'));
  step(`a statistics row counting ${counted} lessons opened ${listed} records`);

  // The rows of the other subjects open their records too: attendance its training
  // events, photos the photos tab.
  const behind = {};
  for (const [subject, list] of [['TRAINING_ATTENDANCE', 'table.events-table'], ['PHOTOS', 'ul.photo-grid']]) {
    await page.click('nav button[data-screen=builder]');
    await page.selectOption('select[name=subject]', subject);
    await page.click('button.run');
    await page.waitForSelector('table.result tr.drill button.records');
    const first = page.locator('table.result tr.drill').first();
    const key = await first.getAttribute('data-keys');
    const count = await page.evaluate(() => {
      const head = [...document.querySelectorAll('table.result thead th')].map((th) => th.textContent);
      return Number(document.querySelector('table.result tr.drill').children[head.indexOf('记录数')].textContent);
    });
    await first.locator('button.records').click();
    await page.waitForSelector(`section.evidence ${list}`);
    await page.waitForTimeout(500);
    behind[subject] = { key, count, listed: Number(await page.locator(`section.evidence ${list}`).getAttribute('data-total')) };
    step(`a ${subject} row (${key}) counting ${count} opened ${behind[subject].listed} records`);
  }
  // The photos tab: the lesson's photo, opened to its record.
  await page.waitForSelector(`ul.photo-grid li[data-photo] img`);
  const photoCard = page.locator('ul.photo-grid li[data-photo]').filter({ has: page.locator('button.open-detail') }).first();
  await photoCard.locator('button.open-detail').click();
  await page.waitForSelector('section.evidence .session-detail');
  await page.waitForFunction(() => [...document.querySelectorAll('ul.photo-grid img')].every((i) => i.complete && i.naturalWidth > 0));
  await page.screenshot({ path: `${out}/evidence-photos-1280.png`, fullPage: true });
  await checkA11y(page, 'photos in the records browser');
  await page.setViewportSize(phone.viewport);
  await page.screenshot({ path: `${out}/evidence-photos-360.png`, fullPage: true });
  await checkA11y(page, 'photos at a phone’s width');
  await page.setViewportSize(desktop.viewport);
  await page.check('section.evidence input[name=flaggedOnly]');
  await page.waitForTimeout(600);
  const flaggedShown = (await page.locator('ul.photo-grid').count()) ? Number(await page.locator('ul.photo-grid').getAttribute('data-total')) : 0;
  step(`photos tab: a lesson's photo opened to its record; ${flaggedShown} flagged`);

  // Training events of the region, one opened to who attended.
  await page.click('section.evidence button[data-tab=events]');
  await page.waitForSelector('table.events-table');
  await page.waitForTimeout(400);
  const events = Number(await page.locator('table.events-table').getAttribute('data-total'));
  await page.locator('table.events-table button.open-event').first().click();
  await page.waitForSelector('.event-detail');
  await checkA11y(page, 'training events in the records browser');
  step(`${events} training events`);

  await page.click('nav button[data-screen=compliance]');
  await page.waitForSelector('table.compliance-table');
  const semesters = await page.$$eval('section.compliance select[name=semester] option', (o) => o.map((x) => x.value));
  await page.selectOption('select[name=semester]', semesters[1]);
  await page.waitForFunction((s) => document.querySelector('select[name=semester]').value === s && document.querySelector('table.compliance-table, .compliance p.card'), semesters[1]);
  await page.waitForTimeout(500);
  const rowsBefore = (await page.locator('table.compliance-table').count()) ? await rowCount(page) : 0;
  await page.selectOption('select[name=semester]', semesters[0]);
  await page.check('input[name=status][value=BEHIND]');
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('table.compliance-table tbody tr[data-status]')];
    return rows.length > 0 && rows.every((r) => r.getAttribute('data-status') === 'BEHIND');
  });
  await page.waitForTimeout(500);
  const rowsBehind = await rowCount(page);
  await page.setViewportSize(phone.viewport);
  await page.screenshot({ path: `${out}/compliance-360.png`, fullPage: true });
  await checkA11y(page, 'compliance at a phone’s width');
  await page.setViewportSize(desktop.viewport);
  step(`${semesters[1]}: ${rowsBefore} rows; this semester behind: ${rowsBehind}`);

  // The assistance file of the demo pairing, from the pairings screen: the PDF arrives.
  await page.click('nav button[data-screen=pairingAdmin]');
  await page.fill('section.pairing-admin input[name=pairingSearch]', '大王镇');
  const prow = page.locator('table.pairings-table tr[data-status=ACTIVE]').filter({ hasText: '大王镇中心幼儿园' }).first();
  await prow.waitFor();
  const filePairing = await prow.getAttribute('data-id');
  await prow.locator('button.open-file').click();
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), page.click('.pairing-file button.file-pdf')]);
  await download.saveAs(`${out}/pairing-file-from-app.pdf`);
  await page.screenshot({ path: `${out}/pairing-file-1280.png`, fullPage: true });
  await checkA11y(page, 'assistance file download');
  step(`the assistance file of ${filePairing} downloaded from the app`);

  await page.click('nav button[data-screen=audit]');
  await page.fill('input[name=recordId]', session);
  await page.waitForFunction(() => document.querySelectorAll('table.audit-table tr[data-operation]').length > 0 &&
    [...document.querySelectorAll('table.audit-table tr[data-operation]')].every((r) => r.textContent.length > 0));
  const operations = await page.$$eval('table.audit-table tr[data-operation]', (r) => r.map((x) => x.getAttribute('data-operation')));
  await page.locator('table.audit-table details summary').first().click();
  await page.screenshot({ path: `${out}/audit-1280.png`, fullPage: true });
  await checkA11y(page, 'audit log of one lesson');
  await page.setViewportSize(phone.viewport);
  await page.screenshot({ path: `${out}/audit-360.png`, fullPage: true });
  step(`the lesson's audit log: ${operations.join(', ')}`);
  console.log(JSON.stringify({ ok: true, semesters, rowsNow, rowsBefore, rowsBehind, operations, behindRow, confirmedBehind, counted, listed, events, behind, flaggedShown, filePairing }));
} catch (e) {
  await dumpPages(browser, out);
  throw e;
} finally {
  await browser.close();
}
