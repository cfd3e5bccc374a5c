// 督查 and 整改 through the screens, in Debian's Chromium: the county bureau records an
// inspection of a pairing at a desktop's width; the partner kindergarten's admin, on a
// phone, answers the item with no signal and submits its semester summary; the bureau
// accepts the item.
// Each screen is checked with axe and photographed. Prints one JSON line.
//
//   node e2e/followup.mjs URL PASSWORD PAIRING_ID TAG DEADLINE OUTDIR PHOTO
import { launch, dumpPages, openSignIn, phone, desktop } from './browser.mjs';
import { checkA11y } from './a11y.mjs';

const [url, password, pairing, tag, deadline, out, photo] = process.argv.slice(2);
const browser = await launch();
const step = (s) => console.error(`e2e: ${s}`);
try {
  const { page: bp } = await openSignIn(browser, url, 'bureau', password, desktop);
  await bp.click('form button[type=submit]');
  await bp.click('nav button[data-screen=inspections]');
  await bp.click('button.new-inspection-button');
  await bp.fill('form.new-inspection input[name=pairingSearch]', '大王镇');
  await bp.waitForFunction((id) => [...document.querySelectorAll('form.new-inspection select[name=pairing] option')].some((o) => o.value === id), pairing);
  await bp.selectOption('form.new-inspection select[name=pairing]', pairing);
  await bp.fill('form.new-inspection input[name=inspectors]', '县教育局学前科');
  await bp.fill('form.new-inspection textarea[name=findings]', `${tag}：送教记录齐全，活动照片不足。`);
  await bp.fill('form.new-inspection input[name=itemText]', `${tag}：补充本学期活动照片`);
  await bp.fill('form.new-inspection input[name=itemDeadline]', deadline);
  await bp.screenshot({ path: `${out}/inspection-new-1280.png`, fullPage: true });
  await checkA11y(bp, 'recording an inspection');
  await bp.click('form.new-inspection button.save-inspection');
  const card = bp.locator('article.inspection', { hasText: tag });
  await card.waitFor();
  const inspection = await card.getAttribute('data-id');
  await bp.screenshot({ path: `${out}/inspections-1280.png`, fullPage: true });
  await checkA11y(bp, 'inspections');
  step(`the bureau recorded inspection ${inspection}`);

  const { page: pp, ctx: pctx } = await openSignIn(browser, url, 'partner', password, phone);
  await pp.click('form button[type=submit]');
  await pp.click('nav button[data-screen=followup]');
  const mine = pp.locator(`article.inspection[data-id="${inspection}"]`);
  await mine.waitFor();
  // The answer and a photo of what was done are written with no signal: shown at once under
  // the item as waiting to upload, then sent once the signal is back (the photo after its
  // answer, shrunk on the phone), when the server's copy replaces the phone's.
  await pctx.setOffline(true);
  await mine.locator('textarea[name=answerText]').fill('已补充三次送教的活动照片并上传。');
  await mine.locator('input[name=answerPhotos]').setInputFiles([photo]);
  await mine.locator('button.send-answer').click();
  await pp.waitForSelector(`article.inspection[data-id="${inspection}"] li[data-status=ANSWERED] .answer-text em`);
  await pp.screenshot({ path: `${out}/followup-answer-offline-360.png`, fullPage: true });
  await pctx.setOffline(false);
  await pp.waitForFunction((id) => {
    const li = document.querySelector(`article.inspection[data-id="${id}"] li[data-status=ANSWERED]`);
    return li && li.querySelectorAll('.answer-text').length === 1 && !li.querySelector('.answer-text em') &&
      li.querySelectorAll('ul.thumbs img').length === 1;
  }, inspection, { timeout: 90000 });
  step('the partner answered the item with a photo offline; both were sent once the signal was back');
  // Last semester's summary, written and submitted with no signal (the screen as kept on
  // the phone), sent once the signal is back.
  const semesters = await pp.$$eval('section.followup select[name=semester] option', (o) => o.map((x) => x.value));
  await pp.selectOption('section.followup select[name=semester]', semesters[1]);
  // (The semester's own article, once its summaries are read: then the phone goes offline.)
  const ours = pp.locator(`article.pairing-followup[data-pairing="${pairing}"][data-semester="${semesters[1]}"]`);
  await ours.locator('textarea[name=summaryText]').waitFor();
  await pctx.setOffline(true);
  await ours.locator('textarea[name=summaryText]').fill(`${tag} 总结：本学期接受送教十次，教师跟岗学习两次。`);
  await ours.locator('button.submit-summary').click();
  await ours.locator('.summary.submitted').waitFor();
  await pp.screenshot({ path: `${out}/followup-offline-360.png`, fullPage: true });
  step('the partner submitted its summary offline');
  await pctx.setOffline(false);
  await pp.click('nav button[data-screen=records]');
  await pp.waitForFunction(() => document.querySelectorAll('.record').length >= 1 &&
    document.querySelectorAll('.record[data-state=queued]').length === 0, null, { timeout: 90000 });
  await pp.click('nav button[data-screen=followup]');
  await pp.selectOption('section.followup select[name=semester]', semesters[1]);
  await ours.locator('.summary.submitted').waitFor();
  await pp.screenshot({ path: `${out}/followup-360.png`, fullPage: true });
  await checkA11y(pp, 'summaries and follow-up on a phone');
  step(`the partner answered and submitted its summary of ${semesters[1]}`);

  await bp.reload();
  await bp.click('nav button[data-screen=inspections]');
  await bp.uncheck('input[name=openOnly]');
  const again = bp.locator(`article.inspection[data-id="${inspection}"]`);
  await again.locator('li[data-status=ANSWERED] button.close-item').click();
  await bp.waitForSelector(`article.inspection[data-id="${inspection}"] li[data-status=CLOSED]`);
  await bp.setViewportSize(phone.viewport);
  await bp.screenshot({ path: `${out}/inspections-360.png`, fullPage: true });
  await checkA11y(bp, 'inspections at a phone’s width');
  step('the bureau accepted the item');
  // The supporting kindergarten's admin plans this semester's visits on a phone.
  const { page: sp } = await openSignIn(browser, url, 'supporter', password, phone);
  await sp.click('form button[type=submit]');
  await sp.click('nav button[data-screen=pairings]');
  const plan = sp.locator(`.plan[data-pairing="${pairing}"]`);
  await plan.locator('button.edit-plan').click();
  // Whatever the plan holds already (the form's rows, once it is shown), two more visits in
  // the term's second month.
  await plan.locator('button.add-plan-item').waitFor();
  const before = await plan.locator('fieldset.plan-row').count();
  await plan.locator('button.add-plan-item').click();
  await plan.locator('button.add-plan-item').click();
  const months = await plan.locator('select[name=planMonth]').first().evaluate((s) => [...s.options].map((o) => o.value));
  for (const i of [before, before + 1]) {
    await plan.locator('select[name=planMonth]').nth(i).selectOption(months[1]);
    await plan.locator('input[name=planResponsible]').nth(i).fill(`${tag}责任人`);
  }
  await sp.screenshot({ path: `${out}/plan-edit-360.png`, fullPage: true });
  await checkA11y(sp, 'editing the plan');
  // Saved with no signal: shown at once as waiting to upload; once sent, the server's
  // statuses are read again.
  const { ctx: sctx } = { ctx: sp.context() };
  await sctx.setOffline(true);
  await plan.locator('button.save-plan').click();
  const newItems = plan.locator('li.plan-item', { hasText: `${tag}责任人` });
  await plan.locator('li.plan-item[data-status=QUEUED]').nth(1).waitFor();
  await sp.screenshot({ path: `${out}/plan-offline-360.png`, fullPage: true });
  await sctx.setOffline(false);
  await sp.waitForFunction((tag) => {
    const l = [...document.querySelectorAll('li.plan-item')].filter((x) => x.textContent.includes(`${tag}责任人`));
    return l.length === 2 && l.every((x) => x.dataset.status !== 'QUEUED');
  }, tag, { timeout: 90000 });
  const planned = await newItems.evaluateAll((l) => l.map((x) => x.dataset.status));
  await sp.screenshot({ path: `${out}/plan-360.png`, fullPage: true });
  await checkA11y(sp, 'the plan');
  step(`the supporting admin planned two visits in ${months[1]}: ${planned.join(', ')}`);
  console.log(JSON.stringify({ ok: true, inspection, semester: semesters[1], planMonth: months[1], planned }));
} catch (e) {
  await dumpPages(browser, out);
  throw e;
} finally {
  await browser.close();
}
