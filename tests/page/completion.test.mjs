// Tab completes general ids from the live army (issue 7, item 3): `g-kill G`
// lists the ids as printed, a unique prefix completes, a killed general is
// no longer offered, and the completed line runs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from './harness.mjs';
import { consoleLines, linesOf, run, withPage } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Types `text` into the console, presses Tab, returns the input's value. */
async function tab(page, text) {
  await page.fill('#console-input', '');
  await page.focus('#console-input');
  await page.keyboard.type(text);
  await page.keyboard.press('Tab');
  return page.inputValue('#console-input');
}

test('Tab completes the ids of live generals', async () => {
  await withPage(browser, '?generals=4&primary=1&seed=1', async ({ page }) => {
    await run(page, 'g-kill 3');
    const before = (await consoleLines(page)).length;
    assert.equal(await tab(page, 'g-kill G'), 'g-kill G');
    assert.deepEqual((await consoleLines(page)).slice(before), [{ kind: 'note', text: 'G1  G2  G4' }]);
    assert.equal(await tab(page, 'g-kill 4'), 'g-kill 4 ');
    assert.equal(await tab(page, 'g-state g2 f'), 'g-state g2 faulty ', 'the listed words too');
    assert.equal(await tab(page, 'g-kill 3'), 'g-kill 3', 'G3 was killed: nothing to offer');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'console-input', 'Tab kept the focus');

    assert.equal(await tab(page, 'g-state g'), 'g-state g', 'G1, G2 and G4 share only the G');
    await page.keyboard.type('4 faulty');
    await page.keyboard.press('Enter');
    assert.deepEqual((await linesOf(page, 'output')).slice(-3), ['G1, state=NF', 'G2, state=NF', 'G4, state=F']);
  });
});
