// End to end, in Debian's Chromium on a phone: the supporting kindergarten's admin signs in
// once online, then with no network adds a phase to a pairing's plan, creates a training
// event and takes its attendance, and starts a mentorship; reloads offline; goes online and
// sees every change uploaded. Each screen is checked for accessibility and photographed.
// The Go test that runs this checks through the API that each change was stored once.
//
//   node e2e/supporting-admin.mjs URL USER PASSWORD PAIRING_ID TAG OUTDIR PHOTO
import { launch, dumpPages, openSignIn } from './browser.mjs';
import { checkA11y } from './a11y.mjs';

const [url, user, password, pairingId, tag, out, photo] = process.argv.slice(2);
const browser = await launch();
const step = (s) => console.error(`e2e: ${s}`);
try {
  const { ctx, page } = await openSignIn(browser, url, user, password);
  await page.click('form button[type=submit]');
  await page.waitForSelector(`article.pairing[data-id="${pairingId}"]`);
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller);
  // Everything the admin needs offline has been fetched once the teachers are kept.
  await page.waitForFunction(() => (JSON.parse(localStorage.getItem('cache:managed') || '{}').teachers || []).length > 0);
  await page.screenshot({ path: `${out}/pairings.png`, fullPage: true });
  await checkA11y(page, 'pairings');
  step('signed in, pairings shown, app cached');

  await ctx.setOffline(true);
  // The plan: one more phase.
  const card = page.locator(`article.pairing[data-id="${pairingId}"]`);
  await card.locator('button.edit').click();
  await page.click('button.add-phase');
  await page.locator('input[name=phaseName]').last().fill(`第三阶段 ${tag}`);
  await page.screenshot({ path: `${out}/plan-edit.png`, fullPage: true });
  await checkA11y(page, 'plan editing');
  await page.click('form.plan button[type=submit]');
  await page.waitForSelector(`article.pairing[data-id="${pairingId}"] ol.phases >> text=${tag}`);
  step('a phase added offline');

  // A training event, and attendance taken on the spot.
  await page.click('nav button[data-screen=training]');
  await checkA11y(page, 'training events');
  await page.click('button.new-event');
  await page.fill('input[name=title]', `园本教研 ${tag}`);
  await page.selectOption('select[name=trainingType]', 'SCHOOL_BASED_RESEARCH');
  await page.fill('input[name=eventHours]', '1.5');
  await checkA11y(page, 'new training event');
  await page.click('form.card button[type=submit]');
  await page.waitForSelector('section.attendance');
  const boxes = page.locator('input[name=present]');
  if ((await boxes.count()) < 3) throw new Error(`${await boxes.count()} teachers to take attendance of`);
  const present = [];
  for (let i = 0; i < 3; i++) {
    await boxes.nth(i).check();
    present.push(await boxes.nth(i).getAttribute('value'));
  }
  await page.screenshot({ path: `${out}/attendance.png`, fullPage: true });
  await checkA11y(page, 'attendance');
  await page.click('button.save-attendance');
  await page.waitForSelector(`li.event:has-text("${tag}") strong.count:text-is("3")`);
  step('an event created and 3 teachers marked present, offline');

  // A mentorship.
  await page.click('nav button[data-screen=mentors]');
  const group = page.locator(`.mentor-pairing[data-id="${pairingId}"]`);
  await group.locator('button.new-mentorship').click();
  const apprentice = group.locator('input[name=apprentice]').first();
  await apprentice.check();
  const apprenticeId = await apprentice.getAttribute('value');
  const mentorId = await group.locator('select[name=mentor]').inputValue();
  await group.locator('input[name=mentorGoals]').fill(`一年内独立上公开课 ${tag}`);
  await page.screenshot({ path: `${out}/mentorship-new.png`, fullPage: true });
  await checkA11y(page, 'new mentorship');
  await group.locator('form button[type=submit]').click();
  await group.locator('li.mentorship', { hasText: tag }).waitFor();
  await page.screenshot({ path: `${out}/mentors.png`, fullPage: true });
  await checkA11y(page, 'mentorships');
  step('a mentorship started offline');
  const mli = group.locator('li.mentorship', { hasText: tag });
  await mli.locator('button.add-activity').click();
  await mli.locator('select[name=activityKind]').selectOption('LESSON_STUDY');
  await mli.locator('textarea[name=activityNotes]').fill(`磨课 ${tag}`);
  await mli.locator('button.save-activity').click();
  await mli.locator('li.activity', { hasText: tag }).waitFor();
  await checkA11y(page, 'a mentorship activity');
  step('an activity of it logged offline');

  // A donation of books to the partner.
  await page.click('nav button[data-screen=donations]');
  await page.click('button.new-donation');
  await page.fill('form.donation-form input[name=itemName]', `绘本 ${tag}`);
  await page.fill('form.donation-form input[name=itemQuantity]', '30');
  await page.fill('form.donation-form input[name=itemValue]', '1500');
  await page.setInputFiles('form.donation-form input[name=donationPhotos]', [photo]);
  await page.screenshot({ path: `${out}/donation-new.png`, fullPage: true });
  await checkA11y(page, 'new donation');
  await page.click('form.donation-form button.save-donation');
  await page.locator('li.donation', { hasText: tag }).waitFor({ timeout: 60000 });
  await page.screenshot({ path: `${out}/donations.png`, fullPage: true });
  await checkA11y(page, 'donations');
  step('a donation recorded offline');

  // Closed and opened again with no network: still queued, nothing lost.
  await page.reload();
  await page.waitForSelector('nav');
  await page.click('nav button[data-screen=records]');
  const queued = 6; // the plan, the event, its attendance, the mentorship and its activity, the donation (its photo is shown with it)
  await page.waitForFunction((n) => document.querySelectorAll('.record[data-state=queued]').length === n, queued);
  await page.screenshot({ path: `${out}/records-offline.png`, fullPage: true });
  await checkA11y(page, 'records offline');
  step(`after a reload offline, ${queued} changes are queued`);

  await ctx.setOffline(false);
  await page.waitForFunction((n) => document.querySelectorAll('.record[data-state=synced]').length === n, queued, { timeout: 90000 });
  await page.screenshot({ path: `${out}/records-synced.png`, fullPage: true });
  step('online again: all synced');

  // Its own teachers, online: only this kindergarten's, in a table.
  await page.click('nav button[data-screen=people]');
  await page.waitForSelector('table.teachers-list');
  const ownTeachers = Number(await page.locator('table.teachers-list').getAttribute('data-total'));
  if (await page.locator('button[data-tab=kindergartens]').count()) throw new Error('a kindergarten admin sees the kindergartens tab');
  await page.screenshot({ path: `${out}/own-teachers.png`, fullPage: true });
  await checkA11y(page, 'own teachers');
  step(`its own ${ownTeachers} teachers`);

  // Signing out leaves nothing of this user's data on the phone.
  await page.click('header button.logout');
  await page.waitForSelector('input[name=username]');
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('cache:')));
  if (kept.length) throw new Error(`after signing out the phone still keeps ${kept.join(', ')}`);
  step('signed out: nothing kept');
  console.log(JSON.stringify({ ok: true, present, mentorId, apprenticeId, ownTeachers }));
} catch (e) {
  await dumpPages(browser, out);
  throw e;
} finally {
  await browser.close();
}
