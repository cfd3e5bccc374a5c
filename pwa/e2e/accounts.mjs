// Accounts, in Debian's Chromium against the real server: the admin, at a desktop's width,
// makes accounts for two teachers of a kindergarten, sees their one-time passwords once and
// downloads them as Excel, and disables one of them from the list of accounts; the other
// teacher signs in on a phone with the initial password, is made to choose their own, and
// gets in. Screens are checked for accessibility and photographed at 1280×800 and 360×640.
// Prints one JSON line; the Go test checks the file and the accounts through the API.
//
//   node e2e/accounts.mjs URL ADMIN_PASSWORD KINDERGARTEN_NAME OUTDIR
import { launch, dumpPages, openSignIn, phone, desktop } from './browser.mjs';
import { checkA11y } from './a11y.mjs';

const [url, password, kgName, out] = process.argv.slice(2);
const browser = await launch();
const step = (s) => console.error(`e2e: ${s}`);
try {
  const { page } = await openSignIn(browser, url, 'admin', password, desktop);
  await page.click('form button[type=submit]');
  await page.click('nav button[data-screen=accounts]');
  await page.fill('input[name=kgSearch]', kgName);
  await page.waitForFunction((n) => [...document.querySelectorAll('select[name=kindergarten] option')].some((o) => o.textContent === n), kgName);
  const kgId = await page.evaluate((n) => [...document.querySelectorAll('select[name=kindergarten] option')].find((o) => o.textContent === n).value, kgName);
  await page.selectOption('select[name=kindergarten]', kgId);
  await page.waitForSelector('table.teachers-table input[name=teacher]');
  const boxes = page.locator('table.teachers-table input[name=teacher]');
  await boxes.nth(0).check();
  await boxes.nth(1).check();
  await page.screenshot({ path: `${out}/accounts-new-1280.png`, fullPage: true });
  await checkA11y(page, 'accounts: choosing teachers');
  await page.click('button.create-accounts');
  await page.waitForSelector('.issued tr[data-username]');
  const made = await page.$$eval('.issued tr[data-username]', (rows) => rows.map((r) => ({
    username: r.getAttribute('data-username'), password: r.querySelector('td.password').textContent.trim() })));
  if (made.length !== 2) throw new Error(`${made.length} accounts shown`);
  await page.screenshot({ path: `${out}/accounts-issued-1280.png`, fullPage: true });
  await checkA11y(page, 'accounts: one-time passwords');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('button.download-accounts')]);
  const file = `${out}/${download.suggestedFilename()}`;
  await download.saveAs(file);
  step(`accounts made for two teachers: ${made.map((m) => m.username).join(', ')}; the sheet saved as ${file}`);
  await page.click('.issued button.secondary');
  if (await page.locator('.issued').count()) throw new Error('the passwords are still shown after closing');

  // The second is disabled from the list of accounts.
  const off = made[1].username;
  await page.fill('input[name=userSearch]', off);
  const row = page.locator(`table.users-table tr[data-username="${off}"]`);
  await row.waitFor();
  await row.locator('button.disable').click();
  await page.waitForSelector(`table.users-table tr[data-username="${off}"][data-disabled=true]`);
  // Its role changed: the kindergarten's admin now.
  await row.locator('button.edit-role').click();
  await page.selectOption('select[name=editRole]', 'KINDERGARTEN_ADMIN');
  await checkA11y(page, 'accounts: changing a role');
  await page.click('button.save-role');
  await page.waitForFunction((u) => document.querySelector(`table.users-table tr[data-username="${u}"]`)?.textContent.includes('幼儿园管理员'), off);
  await page.screenshot({ path: `${out}/accounts-list-1280.png`, fullPage: true });
  await checkA11y(page, 'accounts: the list');
  await page.setViewportSize(phone.viewport);
  await page.screenshot({ path: `${out}/accounts-list-360.png`, fullPage: true });
  step(`${off} disabled`);

  // The first signs in on a phone with the initial password and chooses their own.
  const { page: tp } = await openSignIn(browser, url, made[0].username, made[0].password, phone);
  await tp.click('form button[type=submit]');
  await tp.waitForSelector('form.new-password');
  await tp.screenshot({ path: `${out}/new-password-360.png`, fullPage: true });
  await checkA11y(tp, 'choosing one’s own password');
  await tp.fill('input[name=newPassword]', 'short1');
  await tp.fill('input[name=newPasswordAgain]', 'short1');
  await tp.click('form.new-password button[type=submit]');
  const said = await tp.locator('form.new-password .error').innerText();
  if (!said.includes('10')) throw new Error(`a short password: "${said}"`);
  const own = 'my-own-password-2026';
  await tp.fill('input[name=newPassword]', own);
  await tp.fill('input[name=newPasswordAgain]', own);
  await tp.click('form.new-password button[type=submit]');
  await tp.waitForSelector('nav button[data-screen=log]');
  step('the teacher chose their own password and is in');
  console.log(JSON.stringify({ ok: true, made, file, disabled: off, own }));
} catch (e) {
  await dumpPages(browser, out);
  throw e;
} finally {
  await browser.close();
}
