// Page tests: the built page loads, runs its WebAssembly, draws on the canvas
// and echoes a typed line as inert text. Any console error fails a test.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage } from './harness.mjs';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Opens the page, runs `body(page)`, then requires that nothing went wrong. */
async function withPage(body) {
  const { page, errors, close } = await openPage(browser);
  try {
    await body(page);
    assert.deepEqual(errors, [], 'the page reported errors');
  } finally {
    await close();
  }
}

test('page loads and sets the ready flag', async () => {
  await withPage(async (page) => {
    assert.equal(await page.getAttribute('body', 'data-ready'), 'true');
    assert.match(await page.title(), /Byzantine generals/);
    for (const id of ['view', 'console-input', 'console-output']) {
      assert.equal(await page.locator(`#${id}`).count(), 1, `#${id} exists once`);
    }
  });
});

test('canvas has non-blank pixels', async () => {
  await withPage(async (page) => {
    const stats = await page.evaluate(() => {
      const canvas = document.getElementById('view');
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      const colours = new Set();
      let opaque = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (data[i + 3] > 0) opaque += 1;
        if (colours.size < 64) colours.add(`${data[i]},${data[i + 1]},${data[i + 2]},${data[i + 3]}`);
      }
      return { width: canvas.width, height: canvas.height, opaque, colours: colours.size };
    });
    assert.ok(stats.width > 0 && stats.height > 0, `canvas has a size: ${JSON.stringify(stats)}`);
    assert.ok(stats.opaque > 0, `some pixels are painted: ${JSON.stringify(stats)}`);
    assert.ok(stats.colours >= 3, `more than a flat fill: ${JSON.stringify(stats)}`);
  });
});

test('typed markup becomes exactly one inert text line', async () => {
  const typed = '<img src=x onerror=alert(1)>';
  await withPage(async (page) => {
    const lines = page.locator('#console-output > *');
    const before = await lines.count();
    await page.fill('#console-input', typed);
    await page.press('#console-input', 'Enter');

    await page.waitForFunction((n) => document.querySelector('#console-output').children.length > n, before);
    assert.equal(await lines.count(), before + 1, 'exactly one line added');
    assert.equal(await lines.last().evaluate((line) => line.textContent), typed);
    assert.equal(await page.locator('img').count(), 0, 'no <img> element appeared');
    assert.equal(await page.inputValue('#console-input'), '', 'the input is cleared');
    // Give an injected onerror handler the chance to run before checking errors.
    await page.waitForTimeout(200);
  });
});
