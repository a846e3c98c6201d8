// Writes www/search-screenshot.png: 4 generals (G1 primary), G2 and G3
// faulty, `g-search` finds the behaviour that breaks IC2 under OM(1) and
// replays it; the picture is taken with the two traitors' round-2 lies to G4
// mid-flight and the `search:` note in the console. 1280x760, light colour
// scheme. Needs GENERALS_PAGE_URL (scripts/screenshot.sh --search sets it).
//
//   npm run screenshot:search
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../page/harness.mjs';
import { openWith, type, waitIdle } from '../page/helpers.mjs';

const OUT = fileURLToPath(new URL('../../www/search-screenshot.png', import.meta.url));
const CONTEXT = { viewport: { width: 1280, height: 760 }, deviceScaleFactor: 1, colorScheme: 'light' };
/** How far into round 2 (one hop: 1,200 ms at 1x) the picture is taken. */
const INTO_ROUND_MS = 600;

const browser = await launchBrowser();
try {
  const { page, errors, close } = await openWith(browser, '?generals=4&seed=5&primary=1', CONTEXT);
  for (const line of ['g-state 2 faulty', 'g-state 3 faulty']) {
    await type(page, line);
    await waitIdle(page);
  }
  await type(page, 'g-search');
  await page.waitForFunction(() => window.wasmBindings.snapshot().round === 2, null, { polling: 'raf' });
  await page.waitForTimeout(INTO_ROUND_MS);
  const { round, busy } = await page.evaluate(() => window.wasmBindings.snapshot());
  if (round !== 2 || !busy) throw new Error(`expected round 2 in flight, found round ${round}, busy ${busy}`);
  const note = await page.$$eval('#console-output > *', (lines) =>
    lines.map((l) => l.textContent).find((t) => t.startsWith('search: ')));
  if (!note?.startsWith('search: IC2 broken')) throw new Error(`expected a break, found ${note}`);
  await page.screenshot({ path: OUT });
  await close();
  if (errors.length) throw new Error(`the page reported errors: ${errors.join(' | ')}`);
  console.log(`screenshot: wrote ${path.relative(process.cwd(), OUT)} (${note})`);
} finally {
  await browser.close();
}
