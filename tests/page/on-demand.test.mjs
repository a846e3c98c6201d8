// What the Experiments module brings on demand besides its own panel
// (src/web/experiments_loader.rs): the Lessons panel (src/web/lessons_panel.rs)
// and the trace's writer (src/web/trace_writer.rs). Nothing of the module is
// fetched at load. The Lessons panel's first open says it is loading, fetches
// the module and the lessons' text and lists the lessons, which then work (by
// mouse and by keyboard); a module that cannot be fetched gives one `error:`
// line in the panel, the page goes on, and opening the Experiments panel
// later tries the module again. Download trace loads the module the first
// time and saves the file; if the module cannot be fetched, the note says
// the trace could not be saved, and the next click tries again. (The trace's
// lines themselves are compared with the twin's in replay.test.mjs.)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from './harness.mjs';
import fs from 'node:fs';
import { openWith, run, withPage } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** The URLs the page has requested so far whose file name starts with `prefix`. */
const requested = (page, prefix) => page.evaluate((p) => performance.getEntriesByType('resource')
  .map((e) => new URL(e.name).pathname.split('/').pop())
  .filter((name) => name.startsWith(p)), prefix);

test('the lessons load with their module on first open, then work by mouse and keyboard', async () => {
  await withPage(browser, '?generals=4&primary=1&seed=1', async ({ page }) => {
    assert.deepEqual(await requested(page, 'generals-experiments'), [], 'nothing of the module at load');
    assert.deepEqual(await requested(page, 'lessons'), [], 'no lessons text at load');
    assert.equal(await page.evaluate(() => window.wasmExperiments), undefined);
    assert.equal(await page.locator('#lessons-status').isHidden(), true);

    await page.click('#lessons > summary');
    // The list, filled by the module once loaded.
    await page.locator('#lesson-1').waitFor();
    assert.equal(await page.locator('#lessons-status').isHidden(), true, 'the loading line is gone');
    assert.deepEqual((await requested(page, 'generals-experiments')).sort(),
      ['generals-experiments.js', 'generals-experiments_bg.wasm']);
    assert.deepEqual(await requested(page, 'lessons'), ['lessons.md']);
    assert.equal(await page.evaluate(() => typeof window.wasmExperiments?.mount_lessons), 'function');
    assert.ok(await page.locator('#lessons-list > li').count() >= 8);

    // Keyboard: open lesson 4 and its two worlds.
    await page.focus('#lesson-4 > summary');
    await page.keyboard.press('Enter');
    assert.notEqual(await page.locator('#lesson-4').getAttribute('open'), null);
    await page.focus('#lesson-4 .lesson-worlds');
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('#two-worlds-4 .world').count(), 2);
    await page.locator('#two-worlds-4 .world:nth-child(1) .eig-node').nth(1).focus();
    assert.equal(await page.locator('#two-worlds-4 .same-chain').count(), 2, 'the same chain marked in both worlds');

    // Closing and reopening loads nothing again; the Experiments panel then
    // uses the module already loaded.
    await page.click('#lessons > summary');
    await page.click('#lessons > summary');
    await page.click('#experiments > summary');
    await page.waitForFunction(() => document.body.dataset.experiment === 'idle');
    assert.equal((await requested(page, 'generals-experiments')).length, 2, 'the module fetched once');
    assert.equal(await page.locator('#lessons-list > li').count() >= 8, true);
  });
});

test('a lessons module that cannot be loaded gives one error line; the page goes on', async () => {
  const opened = await openWith(browser, '?generals=4&primary=1&seed=1');
  const { page, errors } = opened;
  try {
    await page.route('**/generals-experiments*', (route) => route.abort());
    await page.click('#lessons > summary');
    await page.waitForFunction(() => document.getElementById('lessons-status').textContent.startsWith('error: '));
    assert.match(await page.locator('#lessons-status').textContent(),
      /^error: could not load the lessons: .+/);
    assert.equal(await page.locator('#lessons-status').isVisible(), true);
    assert.equal(await page.locator('#lessons-list > li').count(), 0);
    assert.ok(errors.some((e) => e.includes('generals-experiments')), errors.join('\n'));

    // The page is not frozen: an order runs.
    await run(page, 'actual-order attack');
    assert.equal((await page.evaluate(() => window.wasmBindings.snapshot())).busy, false);

    // The module is tried again by the next panel that needs it.
    await page.unroute('**/generals-experiments*');
    await page.click('#experiments > summary');
    await page.waitForFunction(() => document.body.dataset.experiment === 'idle' && window.wasmExperiments);
  } finally {
    await opened.close();
  }
});

test('Download trace loads the module the first time, then saves the trace', async () => {
  await withPage(browser, '?generals=4&primary=1&seed=1', async ({ page }) => {
    await run(page, 'actual-order attack');
    assert.deepEqual(await requested(page, 'generals-experiments'), [], 'nothing of the module before');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#btn-trace')]);
    assert.equal(download.suggestedFilename(), 'generals-seed-1.trace.jsonl');
    const records = fs.readFileSync(await download.path(), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(records.map((r) => r.type), ['order', ...Array(9).fill('message'), ...Array(4).fill('decision')]);
    await page.waitForFunction(() => document.getElementById('share-note').textContent === '');
    await run(page, 'actual-order retreat');
    const [again] = await Promise.all([page.waitForEvent('download'), page.click('#btn-trace')]);
    const orders = fs.readFileSync(await again.path(), 'utf8').trimEnd().split('\n')
      .map((l) => JSON.parse(l)).filter((r) => r.type === 'order');
    assert.deepEqual(orders.map((o) => o.value), ['attack', 'retreat']);
    assert.equal((await requested(page, 'generals-experiments')).length, 2, 'the module fetched once');
  });
});

test('a trace whose module cannot be loaded is not saved, and says so; the next click tries again', async () => {
  const opened = await openWith(browser, '?generals=4&primary=1&seed=1');
  const { page, errors } = opened;
  try {
    await run(page, 'actual-order attack');
    await page.route('**/generals-experiments*', (route) => route.abort());
    let downloads = 0;
    page.on('download', () => { downloads += 1; });
    await page.click('#btn-trace');
    await page.waitForFunction(() => document.getElementById('share-note').textContent.startsWith('Could not save the trace: '));
    assert.match(await page.locator('#share-note').textContent(), /^Could not save the trace: .+/);
    assert.equal(downloads, 0);
    assert.ok(errors.some((e) => e.includes('generals-experiments')), errors.join('\n'));
    await run(page, 'actual-order retreat');
    assert.equal((await page.evaluate(() => window.wasmBindings.snapshot())).busy, false);

    await page.unroute('**/generals-experiments*');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#btn-trace')]);
    assert.equal(download.suggestedFilename(), 'generals-seed-1.trace.jsonl');
  } finally {
    await opened.close();
  }
});
