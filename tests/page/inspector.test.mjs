// Interaction: clicking a general on the canvas opens the inspector, whose
// buttons run console commands (echoed); the status bar follows. Keyboard:
// Tab completes, ArrowUp recalls. Pause stops an order in flight; exit ends
// the session and `start 5` begins a new one.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from './harness.mjs';
import { canvasHash, clickGeneral, consoleLines, linesOf, run, setSpeed, type, waitIdle, withPage } from './helpers.mjs';

const PAGE = '?generals=4&primary=1&seed=1';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const snapshot = (page) => page.evaluate(() => window.wasmBindings.snapshot());
const text = (page, selector) => page.locator(selector).textContent();

test('clicking a general opens the inspector; its toggle runs g-state', async () => {
  await withPage(browser, PAGE, async ({ page }) => {
    assert.equal(await page.locator('#inspector').isHidden(), true, 'hidden before a click');
    assert.equal(await text(page, '#status-tolerance'), 'n = 4 generals, k = 0 faulty, m = 1: agreement guaranteed');

    await clickGeneral(page, 3);
    await page.waitForSelector('#inspector:not([hidden])');
    assert.equal(await text(page, '#inspector-title'), 'G3');
    assert.equal(await text(page, '#inspector-role'), 'secondary');
    assert.equal(await text(page, '#inspector-state'), 'non-faulty (NF)');
    assert.equal(await text(page, '#inspector-majority'), 'no order yet');
    assert.equal(await text(page, '#inspector-toggle'), 'Make faulty');

    const before = (await consoleLines(page)).length;
    await page.click('#inspector-toggle');
    assert.deepEqual((await consoleLines(page)).slice(before), [
      { kind: 'echo', text: '> g-state 3 faulty' },
      { kind: 'output', text: 'G1, state=NF' },
      { kind: 'output', text: 'G2, state=NF' },
      { kind: 'output', text: 'G3, state=F' },
      { kind: 'output', text: 'G4, state=NF' },
    ]);
    assert.equal(await text(page, '#status-tolerance'), 'n = 4 generals, k = 1 faulty, m = 1: agreement guaranteed');
    assert.equal(await text(page, '#inspector-state'), 'faulty (F)');
    assert.equal(await text(page, '#inspector-toggle'), 'Make non-faulty');

    // After an order the inspector lists what G3 heard, and its majority.
    await setSpeed(page, 8);
    await run(page, 'actual-order attack');
    await page.waitForFunction(() => document.getElementById('inspector-majority').textContent === 'attack');
    assert.deepEqual(await page.locator('#inspector-heard li').allTextContents(), [
      'G1 said attack',
      'G2 says G1 said attack',
      'G4 says G1 said attack',
    ]);

    // Kill: the inspector closes with its general.
    await page.click('#inspector-kill');
    assert.equal((await consoleLines(page)).find((l) => l.text === '> g-kill 3')?.kind, 'echo');
    assert.deepEqual((await linesOf(page, 'output')).slice(-3), ['G1, state=NF', 'G2, state=NF', 'G4, state=NF']);
    assert.equal(await page.locator('#inspector').isHidden(), true, 'hidden once its general died');
  });
});

test('Tab completes a command name and ArrowUp recalls the last command', async () => {
  await withPage(browser, PAGE, async ({ page }) => {
    await run(page, 'g-state');
    await page.focus('#console-input');
    await page.keyboard.type('act');
    await page.keyboard.press('Tab');
    assert.equal(await page.inputValue('#console-input'), 'actual-order ');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'console-input', 'Tab kept the focus');

    await page.keyboard.press('ArrowUp');
    assert.equal(await page.inputValue('#console-input'), 'g-state');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.inputValue('#console-input'), 'actual-order ', 'ArrowDown restores the draft');
  });
});

test('pause stops an order in flight and resume finishes it', async () => {
  await withPage(browser, PAGE, async ({ page }) => {
    // 1x speed: round 1 lands after 1.2 s.
    await type(page, 'actual-order attack');
    await page.click('#btn-pause');
    assert.equal(await page.getAttribute('#btn-pause', 'aria-pressed'), 'true');
    const paused = await snapshot(page);
    assert.equal(paused.paused, true);
    assert.equal(paused.busy, true, 'the order is still in flight');
    const pixels = await canvasHash(page);

    await page.waitForTimeout(1500); // longer than a hop
    const later = await snapshot(page);
    assert.equal(later.sent, paused.sent, 'no message sent while paused');
    assert.equal(later.round, paused.round, 'still in the same round');
    assert.equal(later.busy, true);
    assert.equal(await canvasHash(page), pixels, 'the messages stand still');

    await page.click('#btn-pause');
    assert.equal(await page.getAttribute('#btn-pause', 'aria-pressed'), 'false');
    await waitIdle(page);
    const done = await snapshot(page);
    assert.equal(done.paused, false);
    assert.equal((await linesOf(page, 'output')).at(-1),
      'Execute order: attack! Non-faulty nodes in the system \u2013 3 out of 4 quorum suggest attack');
  });
});

test('exit ends the session and start 5 brings five generals back', async () => {
  await withPage(browser, PAGE, async ({ page }) => {
    await run(page, 'exit');
    assert.equal(await page.evaluate(() => document.body.classList.contains('ended')), true);
    assert.equal((await snapshot(page)).ended, true);
    assert.equal((await consoleLines(page)).at(-1).kind, 'note');

    const before = (await consoleLines(page)).length;
    await run(page, 'g-state');
    const refused = (await consoleLines(page)).slice(before);
    assert.deepEqual(refused.map((l) => l.kind), ['echo', 'error'], 'commands are refused once ended');

    await run(page, 'start 5');
    assert.equal(await page.evaluate(() => document.body.classList.contains('ended')), false);
    const started = await snapshot(page);
    assert.equal(started.generals, 5);
    assert.equal(started.ended, false);

    const count = (await consoleLines(page)).length;
    await run(page, 'g-state');
    const states = (await consoleLines(page)).slice(count + 1).map((l) => l.text);
    assert.equal(states.length, 5);
    states.forEach((line, i) => assert.match(line, new RegExp(`^G${i + 1}, (primary|secondary), state=NF$`)));
    assert.equal(states.filter((line) => line.includes('primary')).length, 1, 'exactly one primary');
  });
});
