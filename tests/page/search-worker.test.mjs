// g-search runs in a Web Worker (the Experiments module's engine), not on
// the page's main thread: while it searches, animation frames keep coming,
// the status and the prompt say it is searching, and commands typed
// meanwhile wait and print after the search's lines, in order. A g-search in
// a replay link waits for its worker too. If the worker cannot load its
// module, one error line says so and the army is unchanged.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from './harness.mjs';
import { consoleLines, linesOf, openWith, run, type, waitIdle, withPage } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const searchNote = (page) => page.waitForFunction(
  () => [...document.querySelectorAll('#console-output > *')].some((l) => l.textContent.startsWith('search: ')),
  null,
  { timeout: 60_000, polling: 'raf' },
);

// Six generals under OM(2) with a faulty commander and a faulty lieutenant:
// too many behaviours to run them all, so 100,000 random tries that find
// nothing (none exists), the longest search of the README's table.
const LONG = '?generals=6&primary=1&seed=3&om=2';

test('the page keeps drawing frames while a search runs, and commands typed meanwhile run after it', async () => {
  await withPage(browser, LONG, async ({ page }) => {
    await run(page, 'g-state 1 faulty');
    await run(page, 'g-state 2 faulty');
    // Count the browser's animation frames drawn while a search is under way.
    await page.evaluate(() => {
      window.framesSearching = 0;
      const count = () => {
        if (document.body.dataset.searching === 'true') window.framesSearching += 1;
        requestAnimationFrame(count);
      };
      requestAnimationFrame(count);
    });
    const before = (await consoleLines(page)).length;
    // Three lines typed in one go (as run_command types them), so the two
    // after g-search surely come while it searches; then what the page
    // shows at that moment.
    const during = await page.evaluate(() => {
      for (const line of ['g-search', 'g-state', 'g-kill 6']) window.wasmBindings.run_command(line);
      const prompt = document.querySelector('.console-prompt');
      return {
        searching: document.body.dataset.searching,
        busy: document.body.dataset.busy,
        round: document.getElementById('status-round').textContent,
        prompt: getComputedStyle(prompt, '::after').content,
      };
    });
    assert.deepEqual(during, {
      searching: 'true',
      busy: 'true',
      round: 'Searching (g-search)',
      prompt: '"searching\u2026"',
    });
    await searchNote(page);
    await waitIdle(page);
    assert.equal(await page.getAttribute('body', 'data-searching'), 'false');
    const frames = await page.evaluate(() => window.framesSearching);
    assert.ok(frames >= 5, `${frames} animation frames while the search ran`);
    assert.equal(await page.textContent('#status-round'), 'Waiting for an order');

    const printed = (await consoleLines(page)).slice(before);
    assert.deepEqual(printed.map((l) => l.text), [
      '> g-search',
      '> g-state',
      'queued until the search completes (1 waiting)',
      '> g-kill 6',
      'queued until the search completes (2 waiting)',
      'search: none found in 100,000 tries (not a proof)',
      'G1, primary, state=F',
      'G2, secondary, state=F',
      'G3, secondary, state=NF',
      'G4, secondary, state=NF',
      'G5, secondary, state=NF',
      'G6, secondary, state=NF',
      'G1, state=F',
      'G2, state=F',
      'G3, state=NF',
      'G4, state=NF',
      'G5, state=NF',
    ]);
  });
});

test('a replay link with g-search waits for the worker, then replays the rest', async () => {
  const link = '#generals=4&seed=9&primary=1&om=1&c=g-state_2_faulty~g-state_3_faulty~g-search~g-kill_4~g-state';
  await withPage(browser, link, async ({ page }) => {
    await waitIdle(page);
    const texts = await linesOf(page, 'echo', 'output', 'note', 'error');
    const note = texts.indexOf(
      'search: IC2 broken (behaviour 11 of 16, exhaustive): G2 told G4 retreat; G3 told G4 retreat; replaying it as an order',
    );
    assert.ok(note > 0, texts.join('\n'));
    // The replay ran to its end before the kill, which came before g-state.
    assert.deepEqual(texts.slice(note + 1), [
      'G1, primary, majority=attack, state=NF',
      'G2, secondary, majority=undefined, state=F',
      'G3, secondary, majority=undefined, state=F',
      'G4, secondary, majority=undefined, state=NF',
      'Execute order: cannot be determined – not enough generals in the system! '
        + '2 faulty nodes in the system - 3 out of 4 quorum not consistent',
      'tally: 1 attack, 0 retreat, 3 undefined',
      'check: IC1 holds; IC2 broken (loyal commander G1 ordered attack; G4 decided retreat)',
      '> g-kill 4',
      'G1, state=NF',
      'G2, state=F',
      'G3, state=F',
      '> g-state',
      'G1, primary, state=NF',
      'G2, secondary, state=F',
      'G3, secondary, state=F',
    ]);
  });
});

test('a search whose module cannot load prints one error line and changes nothing', async () => {
  const opened = await openWith(browser, '?generals=3&primary=1&seed=1');
  const { page, errors } = opened;
  try {
    await run(page, 'g-state 2 faulty');
    await page.route('**/generals-experiments*', (route) => route.abort());
    const before = (await consoleLines(page)).length;
    await type(page, 'g-search');
    await page.waitForFunction(
      () => document.querySelector('#console-output .line-error') !== null,
      null,
      { timeout: 30_000, polling: 50 },
    );
    await waitIdle(page);
    await type(page, 'g-faulty');
    const printed = (await consoleLines(page)).slice(before);
    assert.deepEqual(printed.map((l) => l.kind), ['echo', 'error', 'echo', 'output']);
    assert.match(
      printed[1].text,
      /^error: g-search could not run, so nothing changed: the search worker failed: .+/,
    );
    assert.equal(printed[3].text, 'G2, secondary, strategy=coin');
    const state = await page.evaluate(() => window.wasmBindings.snapshot());
    assert.equal(state.busy, false);
    assert.equal(state.sent, 0, 'no order was started');
    assert.ok(errors.some((e) => e.includes('generals-experiments')), errors.join('\n'));

    // Once the module can be fetched, the next search runs in a new worker.
    await page.unroute('**/generals-experiments*');
    await type(page, 'g-search');
    await searchNote(page);
    await waitIdle(page);
    assert.equal(
      (await linesOf(page, 'note')).find((t) => t.startsWith('search: ')),
      'search: IC2 broken (behaviour 2 of 2, exhaustive): G2 told G3 retreat; replaying it as an order',
    );
  } finally {
    await opened.close();
  }
});
