// Accessibility, checked by axe-core (the npm package, injected into the
// page): no WCAG 2.1 A or AA violation in the light and the dark scheme,
// while idle, mid-order (paused, with the inspector open), after an order,
// and after the session ended.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { launchBrowser } from './harness.mjs';
import { clickGeneral, run, setSpeed, type, withPage } from './helpers.mjs';

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
