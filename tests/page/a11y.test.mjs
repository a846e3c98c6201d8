// Accessibility, checked by axe-core (the npm package, injected into the
// page): no WCAG 2.1 A or AA violation in the light and the dark scheme,
// while idle, mid-order (paused, with the inspector open), after an order,
// and after the session ended; and with the explanation opened: the
// inspector's EIG tree (levels closed and opened, a node focused), its SM
// view, the message table, the Lessons panel with lesson 4's two worlds
// shown (a node and its twin marked), and the Experiments panel.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { launchBrowser } from './harness.mjs';
import { clickGeneral, run, setSpeed, type, waitIdle, withPage } from './helpers.mjs';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Runs axe on the whole page; fails with every violation spelled out. */
async function assertNoViolations(page, when) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.addScriptTag({ path: AXE_PATH });
  }
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    TAGS,
  );
  const found = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${
    v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ')}`).join('\n    ')}`);
  assert.deepEqual(found, [], `axe found WCAG 2.1 A/AA violations ${when}`);
}

for (const colorScheme of ['light', 'dark']) {
  test(`no WCAG 2.1 A/AA violation in the ${colorScheme} scheme: idle, mid-order, after, ended`, async () => {
    await withPage(browser, '?generals=5&primary=1&seed=4', async ({ page }) => {
      assert.equal(
        await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches),
        colorScheme === 'dark',
      );
      await assertNoViolations(page, 'while idle');

      await run(page, 'g-state 3 faulty');
      await page.click('#btn-pause');
      await type(page, 'actual-order attack');
      await page.click('#btn-step');
      await clickGeneral(page, 2);
      await page.waitForSelector('#inspector:not([hidden])');
      await type(page, 'g-kill 4'); // queued: the inspector's buttons stay live
      await assertNoViolations(page, 'mid-order, paused, with the inspector open');

      await page.click('#btn-pause');
      await setSpeed(page, 8);
      await page.waitForFunction(() => document.body.dataset.busy === 'false', null, { timeout: 30_000 });
      await assertNoViolations(page, 'after an order, with the inspector open');

      // The terms' explanation, shown on focus.
      await page.focus('#status-tolerance');
      await assertNoViolations(page, 'with the status explanation shown');

      await run(page, 'exit');
      await assertNoViolations(page, 'after the session ended');
    }, { colorScheme });
  });
}

for (const colorScheme of ['light', 'dark']) {
  test(`no WCAG 2.1 A/AA violation in the ${colorScheme} scheme with the explain, lessons and experiments panels open`, async () => {
    await withPage(browser, '?generals=5&primary=1&seed=4&om=2', async ({ page }) => {
      await setSpeed(page, 8);
      await run(page, 'g-state 3 faulty liar');
      await run(page, 'actual-order attack');
      await clickGeneral(page, 2);
      await page.waitForSelector('#inspector:not([hidden])');
      // OM(2), 10 values: the whole tree is open. Close a level and open it
      // again, so both kinds of toggle are on the page at once.
      const toggles = page.locator('#inspector-eig button.eig-toggle');
      assert.equal(await toggles.count(), 4);
      await toggles.nth(1).click();
      assert.equal(await page.locator('#inspector-eig button.eig-toggle[aria-expanded="false"]').count(), 1);
      await page.click('#message-table > summary');
      await page.waitForFunction(() => document.querySelectorAll('#table-rows tr').length > 0);
      await page.locator('#inspector-eig .eig-node').nth(2).focus();
      await assertNoViolations(page, 'with the EIG tree (one level closed) and the message table open');
      await page.locator('#inspector-eig button.eig-toggle[aria-expanded="false"]').click();
      assert.equal(await page.locator('#inspector-eig .eig-node').count(), 10, 'the EIG tree fully open');
      await assertNoViolations(page, 'with the EIG tree fully open');

      await page.click('#lessons > summary');
      await page.click('#lesson-4 > summary');
      await page.click('#lesson-4 .lesson-worlds');
      await page.locator('#two-worlds-4 .world:nth-child(1) .eig-node').nth(1).focus();
      assert.equal(await page.locator('#two-worlds-4 .same-chain').count(), 2);
      await page.click('#experiments > summary');
      await assertNoViolations(page, 'with the Lessons panel, the two worlds and the Experiments panel open');

      // Under SM(m) the EIG section shows the set V and the chains.
      await run(page, 'g-protocol sm 1');
      await run(page, 'actual-order retreat');
      await run(page, 'inspect 3'); // by command: the open Experiments panel may cover the canvas
      await page.waitForFunction(() => document.querySelector('#inspector-eig .eig-summary')?.textContent.startsWith('V = '));
      await waitIdle(page);
      await assertNoViolations(page, 'with the SM view of the inspector open');
    }, { colorScheme });
  });
}

for (const colorScheme of ['light', 'dark']) {
  test(`no WCAG 2.1 A/AA violation in the ${colorScheme} scheme in the Experiments panel: opened, running, charted with a cell chosen`, async () => {
    await withPage(browser, '?generals=4&primary=1&seed=2', async ({ page }) => {
      await page.click('#experiments > summary');
      await page.waitForFunction(() => document.body.dataset.experiment === 'idle');
      await assertNoViolations(page, 'with the Experiments panel open (its module loaded)');
      await page.fill('#exp-n', '3..6');
      await page.fill('#exp-k', '0..2');
      await page.fill('#exp-m', '1..2');
      await page.fill('#exp-trials', '20000');
      await page.click('#exp-run');
      await page.waitForFunction(() => document.body.dataset.experiment === 'running');
      await assertNoViolations(page, 'while an experiment runs');
      await page.waitForFunction(() => document.body.dataset.experiment === 'charted', null, { timeout: 60_000 });
      await page.focus('#exp-chart');
      await page.keyboard.press('ArrowUp');
      await assertNoViolations(page, 'after a run, the chart focused and a cell chosen');
    }, { colorScheme });
  });
}

// A screen reader that lists the buttons hears which lesson each loads: eight
// buttons all named "Load this scenario" could not be told apart.
test('each lesson\'s button is named after its lesson', async () => {
  await withPage(browser, '?generals=4&primary=1&seed=2', async ({ page }) => {
    await page.click('#lessons > summary');
    await page.locator('#lessons-list > li').first().waitFor();
    const titles = await page.$$eval('#lessons-list details.lesson > summary', (s) => s.map((e) => e.textContent));
    assert.ok(titles.length >= 8, `${titles.length} lessons`);
    for (const [index, title] of titles.entries()) {
      await page.click(`#lesson-${index + 1} > summary`);
      const named = page.getByRole('button', { name: `Load this scenario: ${title}`, exact: true });
      assert.equal(await named.count(), 1, `lesson ${index + 1}: ${title}`);
      assert.equal(await named.getAttribute('class'), 'lesson-load');
    }
  });
});
