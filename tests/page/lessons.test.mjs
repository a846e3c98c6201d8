// The Lessons panel is part of the Experiments module (src/web/lessons_panel.rs,
// loaded by src/web/experiments_loader.rs), not of the page's module: nothing
// of it is fetched at load; the first open says it is loading, fetches the
// module and the lessons' text and lists the lessons, which then work (by
// mouse and by keyboard); a module that cannot be fetched gives one `error:`
// line in the panel, the page goes on, and opening the Experiments panel
// later tries the module again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from './harness.mjs';
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
