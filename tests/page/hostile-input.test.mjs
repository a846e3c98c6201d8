// Hostile console input: markup, a 10,000-character line and unusual
// unicode. Each line must come back as exactly one inert `> ...` echo (its
// text, never markup) and one `error: ...` line; no element is injected, no
// dialog opens; the page keeps working afterwards.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from './harness.mjs';
import { consoleLines, run, withPage } from './helpers.mjs';

const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '<script>alert(2)</script>',
  'g-kill <b>2</b>',
  'x'.repeat(10_000),
  `g-state ${'9'.repeat(10_000)} faulty`,
  'g-kill 🦀',
  'é'.repeat(50),
  '\u202eg-state',
  'g-add \u202e2',
  'actual-order attack\u0000',
];

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

test('hostile lines are echoed as text and refused with one error each', async () => {
  await withPage(browser, '?generals=4&primary=1&seed=1', async ({ page }) => {
    for (const input of HOSTILE) {
      const label = JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}... (${input.length} chars)` : input);
      const before = (await consoleLines(page)).length;
      await run(page, input);
      const added = (await consoleLines(page)).slice(before);
      assert.equal(added.length, 2, `${label}: an echo and an error, got ${JSON.stringify(added).slice(0, 300)}`);
      assert.deepEqual(added[0], { kind: 'echo', text: `> ${input}` }, `${label}: echoed as typed`);
      assert.equal(added[1].kind, 'error', `${label}: refused`);
      assert.ok(added[1].text.startsWith('error: '), `${label}: ${added[1].text.slice(0, 200)}`);
      assert.equal(await page.inputValue('#console-input'), '', `${label}: the input is cleared`);
    }

    // Give any injected handler the chance to run, then look for injected markup.
    await page.waitForTimeout(300);
    assert.equal(await page.locator('img, script:not([type="module"]), b').count(), 0, 'no element was injected');
    const nested = await page.$$eval('#console-output > *', (lines) => lines.filter((l) => l.children.length).length);
    assert.equal(nested, 0, 'every console line is plain text');
    assert.equal(await page.evaluate(() => window.wasmBindings.snapshot().busy), false, 'no order was started');

    const before = (await consoleLines(page)).length;
    await run(page, 'g-state');
    assert.deepEqual((await consoleLines(page)).slice(before), [
      { kind: 'echo', text: '> g-state' },
      { kind: 'output', text: 'G1, primary, state=NF' },
      { kind: 'output', text: 'G2, secondary, state=NF' },
      { kind: 'output', text: 'G3, secondary, state=NF' },
      { kind: 'output', text: 'G4, secondary, state=NF' },
    ], 'the page still works and nothing changed');
  });
});

// A bidi override typed by the user (U+202E) must not turn the page's own
// words after the quoted input right to left: the engine quotes it as an
// escape (\u{202e}), so the page's text still reads left to right.
test('a typed bidi override does not reverse the page\'s own error text', async () => {
  await withPage(browser, '?generals=4&primary=1&seed=1', async ({ page }) => {
    await run(page, '\u202eg-state');
    const backwards = await page.evaluate(() => {
      const line = [...document.querySelectorAll('#console-output .line-error')].at(-1);
      const node = line.firstChild;
      const from = node.data.lastIndexOf("'") + 1; // the page's words after the quoted input
      const boxes = [];
      for (let i = from; i < node.data.length; i += 1) {
        if (node.data[i] === ' ') continue;
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        boxes.push(range.getBoundingClientRect());
      }
      // Reading order: each character right of the previous one, or on a lower line.
      return boxes.slice(1).filter((box, i) => !(box.top > boxes[i].bottom - 2 || box.left > boxes[i].left)).length;
    });
    assert.equal(backwards, 0, 'characters of the page\'s own text drawn right to left');
  });
});
