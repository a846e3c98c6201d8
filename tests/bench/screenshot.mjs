// Writes www/screenshot.png: 7 generals (G1 primary), G3 faulty, an
// `actual-order attack` with its round-2 relays mid-flight, at 1280x760,
// light colour scheme. Needs GENERALS_PAGE_URL (scripts/screenshot.sh sets it).
//
//   npm run screenshot
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../page/harness.mjs';
import { openWith, type } from '../page/helpers.mjs';

const OUT = fileURLToPath(new URL('../../www/screenshot.png', import.meta.url));
const CONTEXT = { viewport: { width: 1280, height: 760 }, deviceScaleFactor: 1, colorScheme: 'light' };
/** How far into round 2 (one hop: 1,200 ms at 1x) the picture is taken. */
const INTO_ROUND_MS = 600;

const browser = await launchBrowser();
try {
  const { page, errors, close } = await openWith(browser, '?generals=7&seed=5&primary=1', CONTEXT);
  await type(page, 'g-state 3 faulty');
  await type(page, 'actual-order attack');
  await page.waitForFunction(() => window.wasmBindings.snapshot().round === 2, null, { polling: 'raf' });
  await page.waitForTimeout(INTO_ROUND_MS);
  const { round, busy } = await page.evaluate(() => window.wasmBindings.snapshot());
  if (round !== 2 || !busy) throw new Error(`expected round 2 in flight, found round ${round}, busy ${busy}`);
  await page.screenshot({ path: OUT });
  await close();
  if (errors.length) throw new Error(`the page reported errors: ${errors.join(' | ')}`);
  console.log(`screenshot: wrote ${path.relative(process.cwd(), OUT)}`);
} finally {
  await browser.close();
}
