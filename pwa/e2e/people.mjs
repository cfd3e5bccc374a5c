// Kindergartens and teachers, in Debian's Chromium at a desktop's width against the real
// server: a county bureau imports a teachers' sheet whose first version has three bad rows
// (refused row by row, nothing imported), then the fixed sheet (checked, then imported);
// finds the new teachers in the table, sorts it; sorts the kindergartens. Screens are
// checked for accessibility and photographed at 1280×800 and 360×640.
//
//   node e2e/people.mjs URL USER PASSWORD TAG BAD_CSV GOOD_CSV OUTDIR
import { launch, dumpPages, openSignIn, phone, desktop } from './browser.mjs';
import { checkA11y } from './a11y.mjs';

const [url, user, password, tag, bad, good, out] = process.argv.slice(2);
const browser = await launch();
const step = (s) => console.error(`e2e: ${s}`);
try {
  const { page } = await openSignIn(browser, url, user, password, desktop);
  await page.click('form button[type=submit]');
  await page.click('nav button[data-screen=people]');
  await page.click('button[data-tab=teachers]');
  await page.waitForSelector('table.teachers-list');
  await page.setInputFiles('.import input[name=importFile]', bad);
  await page.click('button.check-import');
  await page.waitForSelector('.report[data-dry=true]');
  const problemRows = await page.$$eval('.report table.problems tr[data-row]', (r) => r.map((x) => Number(x.getAttribute('data-row'))));
  const problemTexts = await page.$$eval('.report table.problems tr[data-row] td:last-child', (c) => c.map((x) => x.textContent));
  if (await page.locator('button.commit-import').count()) throw new Error('a sheet with problems can be imported');
  await page.screenshot({ path: `${out}/import-problems-1280.png`, fullPage: true });
  await checkA11y(page, 'teachers import refused row by row');
  step(`the first sheet: problems in rows ${problemRows.join(', ')}`);

  await page.setInputFiles('.import input[name=importFile]', good);
  await page.click('button.check-import');
  await page.waitForSelector('.report[data-errors="0"][data-dry=true]');
  await page.click('button.commit-import');
  await page.waitForSelector('.report[data-errors="0"][data-dry=false]');
  const done = await page.locator('.report').innerText();
  step(`the fixed sheet: ${done}`);

  await page.fill('input[name=teacherSearch]', tag);
  await page.waitForFunction((tg) => {
    const rows = [...document.querySelectorAll('table.teachers-list tbody tr')];
    return rows.length > 0 && rows.every((r) => r.textContent.includes(tg));
  }, tag);
  const found = await page.locator('table.teachers-list tbody tr').count();
  await page.click('th button.sort[data-field=NAME]');
  await page.waitForSelector('th[aria-sort=ascending] button[data-field=NAME]');
  await page.click('th button.sort[data-field=NAME]');
  await page.waitForSelector('th[aria-sort=descending] button[data-field=NAME]');
  await page.waitForTimeout(400);
  const names = await page.$$eval('table.teachers-list tbody tr', (r) => r.map((x) => x.getAttribute('data-name')));
  // One of them left: marked so, kept in the table.
  page.once('dialog', (d) => d.accept());
  const leaver = names[0];
  await page.locator(`table.teachers-list tr[data-name="${leaver}"] button.mark-left`).click();
  await page.waitForSelector(`table.teachers-list tr[data-name="${leaver}"][data-left]:not([data-left=""])`);
  await page.screenshot({ path: `${out}/teachers-1280.png`, fullPage: true });
  await checkA11y(page, 'teachers table');
  step(`${found} new teachers found, sorted by name descending: ${names.join(', ')}`);

  await page.click('button[data-tab=kindergartens]');
  await page.waitForSelector('table.kindergartens-table');
  await page.click('th button.sort[data-field=CHILDREN]');
  await page.waitForSelector('th[aria-sort=ascending] button[data-field=CHILDREN]');
  await page.waitForTimeout(400);
  const kgTotal = Number(await page.locator('table.kindergartens-table').getAttribute('data-total'));
  await page.screenshot({ path: `${out}/kindergartens-1280.png`, fullPage: true });
  await checkA11y(page, 'kindergartens table');
  await page.setViewportSize(phone.viewport);
  await page.screenshot({ path: `${out}/kindergartens-360.png`, fullPage: true });
  await checkA11y(page, 'kindergartens table at a phone’s width');
  // A kindergarten and a teacher by hand: created, then changed.
  await page.setViewportSize(desktop.viewport);
  const kgName = `手工新建幼儿园${tag}`;
  await page.click('button.new-kg');
  await page.fill('input[name=kgName]', kgName);
  await page.waitForFunction(() => [...document.querySelectorAll('select[name=kgRegion] option')].some((o) => o.value === '370523'));
  await page.selectOption('select[name=kgRegion]', '370523');
  await page.selectOption('select[name=kgSetting]', 'TOWNSHIP');
  await page.fill('input[name=kgChildren]', '120');
  await checkA11y(page, 'a new kindergarten');
  await page.click('button.save-kg');
  await page.fill('input[name=kgSearch]', kgName);
  const kgRow = page.locator(`table.kindergartens-table tr[data-name="${kgName}"]`);
  await kgRow.waitFor();
  await kgRow.locator('button.edit-kg').click();
  await page.fill('input[name=kgChildren]', '135');
  await page.click('button.save-kg');
  await page.waitForFunction((n) => [...document.querySelectorAll('table.kindergartens-table tr')].some((r) => r.getAttribute('data-name') === n && r.textContent.includes('135')), kgName);
  step('a kindergarten created by hand, then changed');
  await page.click('button[data-tab=teachers]');
  await page.click('button.new-teacher');
  const teacherName = `手工老师${Date.now() % 1000000}`;
  await page.fill('input[name=tName]', teacherName);
  await page.fill('input[name=tKgSearch]', kgName);
  await page.waitForFunction((n) => [...document.querySelectorAll('select[name=tKindergarten] option')].some((o) => o.textContent === n), kgName);
  const kgId = await page.evaluate((n) => [...document.querySelectorAll('select[name=tKindergarten] option')].find((o) => o.textContent === n).value, kgName);
  await page.selectOption('select[name=tKindergarten]', kgId);
  await page.selectOption('select[name=tPost]', 'PRINCIPAL');
  await checkA11y(page, 'a new teacher');
  await page.click('button.save-teacher');
  await page.fill('input[name=teacherSearch]', teacherName);
  const tRow = page.locator(`table.teachers-list tr[data-name="${teacherName}"]`);
  await tRow.waitFor();
  await tRow.locator('button.edit-teacher').click();
  await page.fill('input[name=tPhone]', '13955550001');
  await page.click('button.save-teacher');
  await page.waitForFunction((n) => [...document.querySelectorAll('table.teachers-list tr')].some((r) => r.getAttribute('data-name') === n && r.textContent.includes('13955550001')), teacherName);
  step('a teacher created by hand, then changed');
  console.log(JSON.stringify({ ok: true, problemRows, problemTexts, found, names, kgTotal, leaver, kgName, teacherName }));
} catch (e) {
  await dumpPages(browser, out);
  throw e;
} finally {
  await browser.close();
}
