// The timeline in the page: scrubbing back shows exactly what the forward run
// showed at that instant (canvas pixels, status line, counts); the keys move
// by half a hop and by a round; play resumes from the instant shown and hands
// over to the present; the list of orders shows earlier armies; typing acts
// on the present; and however an order is watched, its lines do not change.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from './harness.mjs';
import { linesOf, run, setSpeed, type, waitIdle, withPage } from './helpers.mjs';

const PAGE = '?generals=7&seed=3&primary=1';
const SETUP = ['g-state 3 faulty', 'g-state 5 faulty liar'];

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Everything shown at this instant: counts, the status line, the label, the canvas's pixels. */
async function instant(page) {
  const snapshot = await page.evaluate(() => window.wasmBindings.snapshot());
  return {
    tick: snapshot.tick,
    round: snapshot.round,
    sent: snapshot.sent,
    inFlight: snapshot.inFlight,
    status: await page.textContent('.status'),
    inspector: await page.textContent('#inspector'),
    pixels: (await page.locator('#view').screenshot()).toString('base64'),
  };
}

/** Presses a key with the focus on no control (where the timeline keys act). */
async function key(page, name) {
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press(name);
}

/** Clicks G2: where the app drew it, or else at the top of the ring around the primary (G1, centre). */
async function inspectG2(page) {
  const box = await page.locator('#view').boundingBox();
  const drawn = await page.evaluate(() => window.wasmBindings.general_position?.(2) ?? null);
  const ring = 0.82 * (Math.min(box.width, box.height) / 2 - 24);
  const [x, y] = drawn ?? [box.width / 2, box.height / 2 - ring];
  await page.mouse.click(box.x + x, box.y + y);
  await page.waitForFunction(() => !document.querySelector('#inspector').hidden);
}

test('scrubbing back shows exactly what the forward run showed', async () => {
  await withPage(browser, PAGE, async ({ page }) => {
    for (const command of SETUP) await run(page, command);
    await inspectG2(page);
    await page.click('#btn-pause');
    await type(page, 'actual-order attack');
    // Forward: every half hop until just before the end (the last step decides).
    const forward = [await instant(page)];
    for (let i = 0; i < 3; i += 1) {
      await key(page, '.');
      forward.push(await instant(page));
    }
    assert.deepEqual(forward.map((f) => f.tick), [0, 600, 1200, 1800]);
    assert.notEqual(forward[1].pixels, forward[2].pixels, 'the picture moves');
    assert.notEqual(forward[1].inspector, forward[3].inspector, 'G2 hears more as the order runs');
    // Back: Home, then forward by half hops through the past.
    await key(page, 'Home');
    assert.equal((await page.evaluate(() => window.wasmBindings.snapshot())).viewing, 1);
    for (let i = 0; i < 3; i += 1) {
      assert.deepEqual(await instant(page), forward[i], `tick ${forward[i].tick}`);
      await key(page, '.');
    }
    // Reaching the present's instant hands back to the present.
    assert.equal((await page.evaluate(() => window.wasmBindings.snapshot())).viewing, undefined);
    assert.deepEqual(await instant(page), forward[3]);
    // The scrubber itself: drag to 600.
    await page.locator('#timeline').fill('600');
    assert.deepEqual(await instant(page), forward[1]);
    assert.match(await page.textContent('#timeline-label'), /^Order 1: attack under OM\(1\), round 1 of 2, tick 600 of 2,400 \(an earlier instant/);
  });
});

test('keys move by half a hop and by a round, Home and End to the ends', async () => {
  await withPage(browser, PAGE, async ({ page }) => {
    await run(page, 'g-state 3 faulty');
    await page.click('#btn-pause');
    await type(page, 'actual-order attack');
    const tick = async () => (await page.evaluate(() => window.wasmBindings.snapshot())).tick;
    await key(page, 'Shift+Period');
    assert.equal(await tick(), 1200);
    await key(page, ',');
    assert.equal(await tick(), 600);
    await key(page, 'Shift+Comma');
    assert.equal(await tick(), 0);
    await key(page, 'End');
    // The end decides the order: the verdict is printed and nothing is in flight.
    await waitIdle(page);
    assert.ok((await linesOf(page, 'output')).at(-1).startsWith('Execute order: attack!'));
    assert.equal(await tick(), undefined);
    await key(page, ',');
    assert.equal(await tick(), 1800, 'the last order stays on the timeline');
  });
});

// The scrubber is the timeline's own control: with the focus on it, its
// keys (`,` `.` and with Shift a round) move it too, as its label promises.
test('the timeline keys act with the focus on the scrubber itself', async () => {
  await withPage(browser, PAGE, async ({ page }) => {
    await setSpeed(page, 8);
    await run(page, 'g-state 3 faulty');
    await run(page, 'actual-order attack');
    const tick = async () => (await page.evaluate(() => window.wasmBindings.snapshot())).tick;
    await page.focus('#timeline');
    await page.keyboard.press('Home');
    assert.equal(await tick(), 0);
    await page.keyboard.press('Shift+Period');
    assert.equal(await tick(), 1200);
    await page.keyboard.press('Period');
    assert.equal(await tick(), 1800);
    await page.keyboard.press('Comma');
    assert.equal(await tick(), 1200);
    await page.keyboard.press('Shift+Comma');
    assert.equal(await tick(), 0);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'timeline');
    assert.equal(await page.inputValue('#timeline'), '0');
  });
});

test('play resumes from the instant shown and the lines never change', async () => {
  let straight;
  await withPage(browser, PAGE, async ({ page }) => {
    await setSpeed(page, 8);
    for (const command of [...SETUP, 'actual-order attack', 'actual-order retreat']) await run(page, command);
    straight = await linesOf(page, 'output', 'error');
  });
  await withPage(browser, PAGE, async ({ page }) => {
    await setSpeed(page, 8);
    for (const command of SETUP) await run(page, command);
    await page.click('#btn-pause');
    await type(page, 'actual-order attack');
    await key(page, '.');
    await key(page, '.');
    await key(page, '.');
    await key(page, ',');
    await key(page, 'Home');
    await key(page, '.');
    assert.equal((await page.evaluate(() => window.wasmBindings.snapshot())).viewing, 1);
    await page.click('#btn-pause'); // Resume: the view plays on, then the present takes over
    await waitIdle(page);
    await page.locator('#timeline').fill('300');
    await page.click('#btn-pause');
    await page.waitForFunction(() => window.wasmBindings.snapshot().tick === undefined);
    await run(page, 'actual-order retreat');
    assert.deepEqual(await linesOf(page, 'output', 'error'), straight);
  });
});

test('the list of orders shows each army as it was; typing acts on the present', async () => {
  await withPage(browser, PAGE, async ({ page }) => {
    await setSpeed(page, 8);
    await run(page, 'g-state 3 faulty');
    await run(page, 'actual-order attack');
    await run(page, 'g-kill 3');
    await run(page, 'g-protocol sm 1');
    await run(page, 'actual-order retreat');
    await page.click('.orders-panel summary');
    const entries = await page.$$eval('#orders button', (buttons) => buttons.map((b) => [...b.children].map((c) => c.textContent)));
    assert.deepEqual(entries[1], [
      '#1 actual-order attack (OM(1), 7 generals)',
      'Execute order: attack! 1 faulty node in the system \u2013 4 out of 7 quorum suggest attack',
      'check: IC1 holds; IC2 holds',
    ]);
    assert.equal(entries[0][0], '#2 actual-order retreat (SM(1), 6 generals)');
    await page.click('#orders button[data-order="1"]');
    const snapshot = await page.evaluate(() => window.wasmBindings.snapshot());
    assert.equal(snapshot.viewing, 1);
    assert.equal(snapshot.generals, 7, 'the army as it was, G3 still in it');
    assert.equal(await page.getAttribute('#orders button[data-order="1"]', 'aria-current'), 'true');
    assert.match(await page.textContent('#timeline-label'), /^Order 1: attack under OM\(1\), decided/);
    await key(page, ',');
    assert.equal((await page.evaluate(() => window.wasmBindings.snapshot())).tick, 1800);
    await run(page, 'g-state');
    const present = await page.evaluate(() => window.wasmBindings.snapshot());
    assert.equal(present.viewing, undefined);
    assert.equal(present.generals, 6);
    assert.equal((await linesOf(page, 'output')).filter((l) => l.startsWith('G3,')).length, 2, 'g-state listed the present army, without G3');
    await page.click('#orders button[data-order="2"]');
    await page.click('#btn-present');
    assert.equal((await page.evaluate(() => window.wasmBindings.snapshot())).viewing, undefined);
  });
});
