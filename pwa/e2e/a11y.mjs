// Accessibility checks run on every screen the browser tests visit: axe-core's WCAG 2.1
// A and AA rules (labels, names, contrast…), and touch targets of at least 48×48 CSS
// pixels for every control (a checkbox or radio counts by its label).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Checks the page as it is now; throws with every problem found, named by screen. */
export async function checkA11y(page, screen) {
  // Evaluated through the browser's debugging protocol, so the app's CSP does not apply.
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
  const small = await page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll('button, select, textarea, input, a[href]')) {
      const box = el.type === 'checkbox' || el.type === 'radio' ? el.closest('label') ?? el : el;
      const r = box.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue; // not shown
      if (r.width < 47.5 || r.height < 47.5) {
        out.push(`${el.tagName.toLowerCase()}${el.name ? `[name=${el.name}]` : ''} "${(box.textContent || '').trim().slice(0, 20)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
      }
    }
    return out;
  });
  const problems = [...violations, ...small.map((s) => `touch target under 48 px: ${s}`)];
  if (problems.length) throw new Error(`accessibility of ${screen}:\n  ${problems.join('\n  ')}`);
  console.error(`e2e: ${screen}: accessible (axe WCAG 2.1 AA, touch targets ≥ 48 px)`);
}
