// g-search in the page's console (the search runs in a worker, see
// search-worker.test.mjs): the one `search:` note comes first, then
// the behaviour it found is replayed as an order through the session's usual
// path, so the canvas animates it round by round like any other order and
// the console ends with the same verdict lines as the command line.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from './harness.mjs';
import { canvasHash, consoleLines, run, type, waitIdle, withPage } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const snapshot = (page) => page.evaluate(() => window.wasmBindings.snapshot());

test('a search replayed on the canvas', async () => {
  await withPage(browser, '?generals=3&primary=1&seed=1', async ({ page }) => {
    await run(page, 'g-state 2 faulty');
    const before = (await consoleLines(page)).length;
    await type(page, 'g-search');
    // The search runs in a worker, off the main thread; its replay is then
    // an order in flight.
    await page.waitForFunction(
      () => [...document.querySelectorAll('#console-output > *')].some((l) => l.textContent.startsWith('search: ')),
      null,
      { timeout: 30_000, polling: 'raf' },
    );
    const start = await snapshot(page);
    assert.equal(start.busy, true, 'the replay is in flight');
    assert.equal(await page.getAttribute('body', 'data-busy'), 'true');
    assert.equal(start.total, 4, 'OM(1) among 3: 2 orders, 2 relays');
    const printed = (await consoleLines(page)).slice(before);
    assert.deepEqual(printed, [
      { kind: 'echo', text: '> g-search' },
      {
        kind: 'note',
        text: 'search: IC2 broken (behaviour 2 of 2, exhaustive): G2 told G3 retreat; replaying it as an order',
      },
    ]);

    // Round 1 on the wire, then round 2 (the lie): the pixels move.
    const first = await canvasHash(page);
    await page.waitForFunction(() => window.wasmBindings.snapshot().round === 2, null, { polling: 'raf' });
    await page.waitForTimeout(300);
    const relaying = await snapshot(page);
    assert.equal(relaying.busy, true);
    assert.equal(relaying.sent, 4, 'every message of the replay was put on the wire');
    assert.ok(relaying.inFlight > 0, 'the relays are in flight');
    assert.notEqual(await canvasHash(page), first, 'the canvas animates the replay');

    await waitIdle(page);
    const after = (await consoleLines(page)).slice(before + 2);
    assert.deepEqual(after.map((l) => l.text), [
      'G1, primary, majority=attack, state=NF',
      'G2, secondary, majority=undefined, state=F',
      'G3, secondary, majority=undefined, state=NF',
      'Execute order: cannot be determined – not enough generals in the system! '
        + '1 faulty node in the system - 2 out of 3 quorum not consistent',
      'tally: 1 attack, 0 retreat, 2 undefined',
      'check: IC1 holds; IC2 broken (loyal commander G1 ordered attack; G3 decided undefined)',
    ]);
    assert.deepEqual(after.map((l) => l.kind), ['output', 'output', 'output', 'output', 'note', 'note']);
  });
});

test('g-search waits behind an order in flight, then replays', async () => {
  await withPage(browser, '?generals=4&primary=1&seed=2', async ({ page }) => {
    await run(page, 'g-state 2 faulty');
    await run(page, 'g-state 3 faulty');
    await type(page, 'actual-order attack');
    await type(page, 'g-search');
    const texts = async () => (await consoleLines(page)).map((l) => l.text);
    assert.ok((await texts()).includes('queued until the order in flight completes (1 waiting)'));
    // The order completes, the search runs and its replay starts at once.
    await page.waitForFunction(
      () => [...document.querySelectorAll('#console-output > *')].some((l) => l.textContent.startsWith('search: ')),
      null,
      { timeout: 30_000, polling: 50 },
    );
    assert.equal((await snapshot(page)).busy, true, 'the replay is in flight');
    await waitIdle(page);
    const lines = await texts();
    const note = lines.findIndex((t) => t.startsWith('search: '));
    assert.equal(
      lines[note],
      'search: IC2 broken (behaviour 11 of 16, exhaustive): G2 told G4 retreat; G3 told G4 retreat; replaying it as an order',
    );
    assert.equal(
      lines.at(-1),
      'check: IC1 holds; IC2 broken (loyal commander G1 ordered attack; G4 decided retreat)',
    );
  });
});
