// The page without a mouse, and the inspector's focus: `inspect <ID>` opens
// the inspector and moves the focus into it; the canvas takes the focus and
// its arrow keys walk the generals, Enter inspects; Escape closes the
// inspector and gives the focus back; after Kill the focus stays on the army.
// The inspector's EIG tree closes, opens and pages its levels from the
// keyboard, the focus visible and kept on the control pressed (also on a
// 390x844 screen). A repeated click on a queued action is ignored.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from './harness.mjs';
import { afterFrames, clickGeneral, consoleLines, focused, linesOf, run, setSpeed, type, waitIdle, withPage } from './helpers.mjs';

const PAGE = '?generals=5&primary=1&seed=2';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

const snapshot = (page) => page.evaluate(() => window.wasmBindings.snapshot());
const text = (page, selector) => page.locator(selector).textContent();

test('inspect <ID> prints the inspector as notes, opens it and moves the focus into it', async () => {
  await withPage(browser, PAGE, async ({ page }) => {
    await setSpeed(page, 8);
    await run(page, 'actual-order retreat');
    const before = (await consoleLines(page)).length;
    await type(page, 'inspect 3');
    assert.deepEqual((await consoleLines(page)).slice(before), [
      { kind: 'echo', text: '> inspect 3' },
      { kind: 'note', text: 'G3: secondary, non-faulty (NF); majority: retreat' },
      { kind: 'note', text: 'G3 heard: G1 said retreat' },
      { kind: 'note', text: 'G3 heard: G2 says G1 said retreat' },
      { kind: 'note', text: 'G3 heard: G4 says G1 said retreat' },
      { kind: 'note', text: 'G3 heard: G5 says G1 said retreat' },
    ]);
    await page.waitForSelector('#inspector:not([hidden])');
    assert.equal(await text(page, '#inspector-title'), 'G3');
    assert.deepEqual(await page.locator('#inspector-heard li').allTextContents(), [
      'G1 said retreat', 'G2 says G1 said retreat', 'G4 says G1 said retreat', 'G5 says G1 said retreat',
    ], 'the panel shows what the notes said');
    assert.equal(await focused(page), 'inspector-title', 'the focus moved into the inspector');

    // Escape closes it and gives the focus back to the console it came from.
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#inspector').isHidden(), true);
    assert.equal(await focused(page), 'console-input');

    await type(page, 'inspect 9');
    assert.equal((await linesOf(page, 'error')).at(-1), 'error: there is no live general G9; g-state lists them');
    assert.equal(await page.locator('#inspector').isHidden(), true, 'a refused inspect opens nothing');
  });
});

test('keyboard only: Tab to the canvas, arrows choose a general, Enter inspects, Escape returns', async () => {
  await withPage(browser, PAGE, async ({ page }) => {
    // From the top of the page, Tab reaches the canvas after the controls
    // and the status's explanation.
    await page.evaluate(() => document.activeElement?.blur());
    const order = [];
    for (let i = 0; i < 12 && (await focused(page)) !== 'view'; i += 1) {
      await page.keyboard.press('Tab');
      order.push(await focused(page));
    }
    // Blurring keeps the focus's starting point at the console, so the first
    // Tabs pass what follows it (the Experiments panel's summary) and wrap to
    // the top of the page; from there the order is the one a reader meets.
    const fromTop = order.slice(order.indexOf('btn-pause')).filter((id) => id !== 'BODY');
    assert.deepEqual(fromTop, ['btn-pause', 'btn-step', 'speed', 'btn-restart', 'status-tolerance', 'view']);

    await page.keyboard.press('ArrowRight');
    assert.equal((await snapshot(page)).cursor, 1, 'the first arrow lands on the first general');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowLeft');
    assert.equal((await snapshot(page)).cursor, 2);
    assert.equal(await text(page, '#view-cursor'), 'G2, secondary, non-faulty (NF). Enter opens the inspector.',
      'the polite live region names the general under the cursor');

    await page.keyboard.press('Enter');
    await page.waitForSelector('#inspector:not([hidden])');
    assert.equal(await text(page, '#inspector-title'), 'G2');
    assert.equal(await focused(page), 'inspector-title');
    await page.keyboard.press('Tab');
    assert.equal(await focused(page), 'inspector-close');
    // On through the strategy picker to the state toggle.
    for (let i = 0; i < 6 && (await focused(page)) !== 'inspector-toggle'; i += 1) {
      await page.keyboard.press('Tab');
    }
    assert.equal(await focused(page), 'inspector-toggle');
    await page.keyboard.press('Enter');
    assert.equal((await linesOf(page, 'echo')).at(-1), '> g-state 2 faulty');
    assert.equal(await text(page, '#inspector-state'), 'faulty (F)');

    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#inspector').isHidden(), true);
    assert.equal(await focused(page), 'view', 'back on the canvas it was opened from');

    // Kill from the keyboard: the inspector closes with its general, the
    // focus stays on the army, on the general after it.
    await page.keyboard.press('Enter');
    await page.waitForSelector('#inspector:not([hidden])');
    await page.focus('#inspector-kill');
    await page.keyboard.press('Enter');
    assert.equal((await linesOf(page, 'echo')).at(-1), '> g-kill 2');
    assert.equal(await page.locator('#inspector').isHidden(), true);
    assert.equal(await focused(page), 'view');
    assert.equal((await snapshot(page)).cursor, 3, 'the cursor is on the next general');
  });
});

test('a double click on Kill during an order queues one g-kill; the button says it is queued', async () => {
  await withPage(browser, PAGE, async ({ page }) => {
    await type(page, 'actual-order attack');
    await clickGeneral(page, 4);
    await page.waitForSelector('#inspector:not([hidden])');
    await page.dblclick('#inspector-kill');
    // A third click, on the button now marked aria-disabled: still ignored.
    await page.click('#inspector-kill', { force: true });
    assert.equal(await text(page, '#inspector-kill'), 'Kill (queued)');
    assert.equal(await page.getAttribute('#inspector-kill', 'aria-disabled'), 'true');
    const echoes = (await linesOf(page, 'echo')).filter((l) => l === '> g-kill 4');
    assert.equal(echoes.length, 1, 'one g-kill echoed');
    assert.deepEqual((await linesOf(page, 'note')).filter((l) => l.startsWith('queued')),
      ['queued until the order in flight completes (1 waiting)']);
    await setSpeed(page, 8);
    await waitIdle(page);
    assert.deepEqual(await linesOf(page, 'error'), [], 'no second kill failed after the verdict');
    assert.deepEqual((await linesOf(page, 'output')).slice(-4),
      ['G1, state=NF', 'G2, state=NF', 'G3, state=NF', 'G5, state=NF']);
    assert.equal(await page.locator('#inspector').isHidden(), true, 'closed once its general died');
  });
});

test('Step with nothing in flight does nothing and says so; the paused state shows on canvas and status', async () => {
  await withPage(browser, PAGE, async ({ page }) => {
    assert.equal(await page.getAttribute('#btn-step', 'aria-disabled'), 'true');
    assert.match(await page.getAttribute('#btn-step', 'title'), /nothing in flight/);
    await page.click('#view'); // the keys act outside the console
    await page.keyboard.press('Escape');
    await page.keyboard.press('.');
    await page.click('#btn-step', { force: true }); // aria-disabled, still clickable
    assert.equal((await snapshot(page)).paused, false, 'Step when idle does not freeze the next order');
    assert.equal(await text(page, '#status-round'), 'Waiting for an order');

    // Pause first to step an order from its start: unmistakably paused.
    const running = await page.screenshot({ clip: await page.locator('#view').boundingBox() });
    await page.focus('#view'); // Space on a focused button would press that button
    await page.keyboard.press(' ');
    assert.equal(await text(page, '#status-round'), 'Waiting for an order, paused');
    await afterFrames(page);
    const paused = await page.screenshot({ clip: await page.locator('#view').boundingBox() });
    assert.notDeepEqual(paused, running, 'the canvas shows the pause');
    await type(page, 'actual-order attack');
    assert.equal(await text(page, '#status-round'), 'Round 1 of 2, paused');
    assert.equal(await page.getAttribute('#btn-step', 'aria-disabled'), 'false');
    await page.click('#btn-step');
    await page.click('#btn-step');
    const s = await snapshot(page);
    assert.equal(s.round, 2);
    assert.equal(await text(page, '#status-round'), 'Round 2 of 2, paused');
    assert.equal(await text(page, '#status-messages'), '16 messages of 16 sent');
  });
});

test('exit during an order says what it dropped; Pause, Step and the inspector are off', async () => {
  await withPage(browser, PAGE, async ({ page }) => {
    await type(page, 'actual-order attack');
    await type(page, 'g-kill 3');
    await type(page, 'g-state');
    await clickGeneral(page, 2);
    await page.waitForSelector('#inspector:not([hidden])');
    await type(page, 'exit');
    assert.deepEqual((await consoleLines(page)).slice(-3), [
      { kind: 'note', text: 'Session ended: the generals stop.' },
      { kind: 'note', text: 'The order in flight was abandoned; 2 commands queued behind it were dropped.' },
      { kind: 'note', text: 'Type start <N> to begin a new session with N generals.' },
    ]);
    assert.equal(await page.locator('#inspector').isHidden(), true, 'the inspector closed');
    assert.equal(await page.getAttribute('#btn-pause', 'aria-disabled'), 'true');
    assert.equal(await page.getAttribute('#btn-step', 'aria-disabled'), 'true');
    await page.click('#btn-pause', { force: true });
    await page.click('#btn-step', { force: true });
    await page.keyboard.press('Escape'); // out of the console, so Space reaches the page
    await page.click('#view');
    await page.keyboard.press(' ');
    assert.equal((await snapshot(page)).paused, false, 'Pause does nothing on a dead session');
    assert.equal(await text(page, '#status-round'), 'Session ended');

    await clickGeneral(page, 2);
    await afterFrames(page);
    assert.equal(await page.locator('#inspector').isHidden(), true, 'no inspector on a dead session');
    await type(page, 'inspect 2');
    assert.equal((await linesOf(page, 'error')).at(-1),
      'error: the session has ended; type start <N> to begin a new one with N generals');
    assert.equal(await page.locator('#inspector').isHidden(), true);

    await run(page, 'start 4');
    assert.equal(await page.getAttribute('#btn-pause', 'aria-disabled'), 'false');
  });
});

test('the status says it in words, explains n, k and m on focus, and announces phases once', async () => {
  await withPage(browser, PAGE, async ({ page }) => {
    assert.equal(await text(page, '#status-tolerance'), 'n = 5 generals, k = 0 faulty, m = 1: agreement guaranteed');
    assert.equal(await page.locator('#status-terms').isVisible(), false);
    await page.focus('#status-tolerance');
    assert.equal(await page.locator('#status-terms').isVisible(), true, 'the explanation shows on focus');
    assert.match(await text(page, '#status-terms'), /k = faulty generals/);
    assert.equal(await page.getAttribute('#status-tolerance', 'aria-describedby'), 'status-terms');
    assert.equal(await page.getAttribute('#status-round', 'aria-live'), 'polite');

    await run(page, 'g-state 2 faulty');
    await run(page, 'g-state 3 faulty');
    assert.equal(await text(page, '#status-tolerance'),
      'n = 5 generals, k = 2 faulty, m = 1: too few generals (n \u2265 7 needed) and too shallow (m \u2265 2 needed)');
    assert.equal(await page.getAttribute('#status-tolerance', 'class'), 'status-bad');
    await run(page, 'g-state 2 non-faulty');
    await run(page, 'g-state 3 non-faulty');

    // Every change of the live region's text during an order: one per phase.
    await page.evaluate(() => {
      window.phases = [];
      const region = document.getElementById('status-round');
      new MutationObserver(() => window.phases.push(region.textContent))
        .observe(region, { childList: true, characterData: true, subtree: true });
    });
    await setSpeed(page, 2);
    await run(page, 'actual-order attack');
    await afterFrames(page);
    assert.deepEqual(await page.evaluate(() => window.phases),
      ['Round 1 of 2', 'Round 2 of 2', 'Order complete']);
  });
});

for (const [name, options] of [['desktop', undefined], ['390x844', { viewport: { width: 390, height: 844 } }]]) {
  test(`keyboard only (${name}): the EIG tree's levels close, open and page; the focus stays visible on them`, async () => {
    // 15 generals under OM(1): G2 hears 14 values, so its tree opens fully,
    // and the root's 13 children come in pages of 12.
    await withPage(browser, '?generals=15&primary=1&seed=2', async ({ page }) => {
      await setSpeed(page, 8);
      await run(page, 'actual-order attack');
      await page.focus('#view');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#inspector:not([hidden])');
      assert.equal(await text(page, '#inspector-title'), 'G2');
      const tabTo = async (selector) => {
        for (let i = 0; i < 40; i += 1) {
          if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
          await page.keyboard.press('Tab');
        }
        throw new Error(`Tab never reached ${selector}`);
      };
      const nodes = () => page.locator('#inspector-eig .eig-node').count();
      const outline = () => page.evaluate(() => {
        const style = getComputedStyle(document.activeElement);
        return `${style.outlineStyle} ${style.outlineWidth}`;
      });
      const inView = () => page.evaluate(() => {
        const r = document.activeElement.getBoundingClientRect();
        return r.width > 0 && r.left >= 0 && r.right <= innerWidth + 1;
      });
      assert.equal(await nodes(), 13, 'the root and the first page of 12');
      assert.match(await text(page, '#inspector-eig .eig-pager'), /page 1 of 2 \(13 under G1\)/);

      await tabTo('#inspector-eig button.eig-toggle');
      assert.equal(await page.getAttribute('#inspector-eig button.eig-toggle', 'aria-label'), 'Close G1');
      assert.match(await outline(), /^solid [1-9]/, 'the toggle shows its focus');
      assert.ok(await inView(), 'the focused toggle is on the screen');
      await page.keyboard.press('Enter');
      assert.equal(await nodes(), 1, 'closed: only the root');
      assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-expanded')), 'false',
        'the focus stays on the redrawn toggle');
      await page.keyboard.press(' ');
      assert.equal(await nodes(), 13, 'opened again with Space');
      assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Close G1');

      // The nodes take the focus too (their chain lights up on the canvas).
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.dataset.chain), '1');
      assert.match(await outline(), /^solid [1-9]/, 'a focused node shows its focus');
      await page.keyboard.press('Tab');
      assert.deepEqual((await snapshot(page)).highlighted, [[1, 3], [3, 2]]);

      await tabTo('#inspector-eig button.eig-page[data-dir="next"]');
      assert.match(await outline(), /^solid [1-9]/);
      await page.keyboard.press('Enter');
      assert.match(await text(page, '#inspector-eig .eig-pager'), /page 2 of 2/);
      assert.deepEqual((await page.locator('#inspector-eig .eig-node').allTextContents()).slice(1),
        ['G1 \u2192 G15: attack']);
      // "next" is now disabled: the focus went to "previous", which pages back.
      assert.equal(await page.evaluate(() => document.activeElement.dataset.dir), 'previous');
      await page.keyboard.press('Enter');
      assert.match(await text(page, '#inspector-eig .eig-pager'), /page 1 of 2/);
      assert.equal(await page.evaluate(() => document.activeElement.dataset.dir), 'next');
      assert.equal(await nodes(), 13);
    }, options);
  });
}
