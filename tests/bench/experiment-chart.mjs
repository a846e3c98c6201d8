// Runs the default experiment (n 3..16, k 0..5, OM(1) and OM(2), coin,
// 1,000 trials per cell, seed 1) in the page's Experiments panel, prints the
// time the panel reports (the page's benchmark figure) and writes the chart
// to www/experiments.png for the README. Needs GENERALS_PAGE_URL.
//
//   GENERALS_PAGE_URL=http://127.0.0.1:8000/ node tests/bench/experiment-chart.mjs
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { launchBrowser } from '../page/harness.mjs';
import { openWith } from '../page/helpers.mjs';

const OUT = fileURLToPath(new URL('../../www/experiments.png', import.meta.url));
const CONTEXT = { viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1, colorScheme: 'light' };

const browser = await launchBrowser();
try {
  const { page, errors, close } = await openWith(browser, '?generals=4&seed=1&primary=1', CONTEXT);
  await page.click('#experiments summary');
  await page.waitForFunction(() => document.body.dataset.experiment === 'idle');
  await page.click('#exp-run');
  await page.waitForFunction(() => document.body.dataset.experiment === 'charted', null, { timeout: 300_000 });
  const status = await page.textContent('#exp-status');
  console.log(`page: ${status.split(' s (')[0]}. (load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})`);
  await page.locator('#exp-chart').screenshot({ path: OUT });
  await close();
  if (errors.length) throw new Error(`the page reported errors: ${errors.join(' | ')}`);
  console.log('chart: wrote www/experiments.png');
} finally {
  await browser.close();
}
