// Draws the app's PNG icons from public/icon.svg in Chromium: 192 and 512 px, and a
// maskable 512 px one (full-bleed colour, the mark within the central 80% that every
// launcher's mask keeps). Run once when the icon changes; the PNGs are committed.
//
//   node scripts/icons.mjs
import { readFileSync } from 'node:fs';
import { launch } from '../e2e/browser.mjs';

const pub = new URL('../public/', import.meta.url).pathname;
const svg = readFileSync(`${pub}icon.svg`, 'utf8');
const browser = await launch();
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  for (const [name, size, maskable] of [['icon-192.png', 192, false], ['icon-512.png', 512, false], ['icon-maskable-512.png', 512, true]]) {
    await page.setViewportSize({ width: size, height: size });
    const inner = maskable ? Math.round(size * 0.7) : size;
    await page.setContent(`<html><body style="margin:0;background:${maskable ? '#c0392b' : 'transparent'};display:grid;place-items:center;width:${size}px;height:${size}px">
      <div style="width:${inner}px;height:${inner}px">${svg.replace('<svg ', `<svg width="${inner}" height="${inner}" `)}</div></body></html>`);
    await page.screenshot({ path: `${pub}${name}`, omitBackground: !maskable });
  }
} finally {
  await browser.close();
}
