// Pairings set up by a county bureau, in Debian's Chromium at a desktop's width against the
// real server: a new pairing (supporting kindergarten, a partner, the period, targets and
// other targets for this semester) saved as a draft, then activated. Screens are checked
// for accessibility and photographed at 1280×800 and 360×640.
//
//   node e2e/pairing-admin.mjs URL USER PASSWORD NAME SUPPORTING PARTNER OUTDIR
import { launch, dumpPages, openSignIn, phone, desktop } from './browser.mjs';
import { checkA11y } from './a11y.mjs';

const [url, user, password, name, supporting, partner, out] = process.argv.slice(2);
const browser = await launch();
const step = (s) => console.error(`e2e: ${s}`);

async function pick(page, field, kg) {
  await page.fill(`input[name=${field}Search]`, kg);
  await page.waitForFunction(([f, n]) => [...document.querySelectorAll(`select[name=${f}] option`)].some((o) => o.textContent === n), [field, kg]);
  const id = await page.evaluate(([f, n]) => [...document.querySelectorAll(`select[name=${f}] option`)].find((o) => o.textContent === n).value, [field, kg]);
  await page.selectOption(`select[name=${field}]`, id);
  return id;
}

try {
  const { page } = await openSignIn(browser, url, user, password, desktop);
  await page.click('form button[type=submit]');
  await page.click('nav button[data-screen=pairingAdmin]');
  await page.click('button.new-pairing');
  await page.fill('form.pairing-form input[name=name]', name);
  const supportingId = await pick(page, 'supporting', supporting);
  const partnerId = await pick(page, 'partner', partner);
  await page.waitForSelector(`li.partner[data-id="${partnerId}"]`);
  await page.fill('input[name=teachingHours]', '12');
  await page.click('button.add-override');
  await page.fill('input[name=overrideHours]', '8');
  await page.screenshot({ path: `${out}/pairing-new-1280.png`, fullPage: true });
  await checkA11y(page, 'a new pairing');
  await page.click('button.save-pairing');
  const row = page.locator(`table.pairings-table tr[data-name="${name}"]`);
  await row.waitFor();
  if ((await row.getAttribute('data-status')) !== 'DRAFT') throw new Error('a new pairing is not a draft');
  const id = await row.getAttribute('data-id');
  step(`saved as a draft: ${name}`);
  await row.locator('button.activate').click();
  await page.waitForSelector(`table.pairings-table tr[data-name="${name}"][data-status=ACTIVE]`);
  await page.screenshot({ path: `${out}/pairings-1280.png`, fullPage: true });
  await checkA11y(page, 'pairings');
  await page.setViewportSize(phone.viewport);
  await page.screenshot({ path: `${out}/pairings-360.png`, fullPage: true });
  await checkA11y(page, 'pairings at a phone’s width');
  step('activated');
  console.log(JSON.stringify({ ok: true, id, supportingId, partnerId }));
} catch (e) {
  await dumpPages(browser, out);
  throw e;
} finally {
  await browser.close();
}
