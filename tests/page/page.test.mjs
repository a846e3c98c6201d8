// Page tests of the stable contract: the built page loads, runs its
// WebAssembly (data-ready), draws on the canvas and echoes a typed line once,
// as inert text. Any console error, page error or dialog fails a test.
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

test('typed markup is echoed once, as inert text', async () => {
  const typed = '<img src=x onerror=alert(1)>';
  await withPage(async (page) => {
    const texts = () => page.$$eval('#console-output > *', (lines) => lines.map((line) => ({
      text: line.textContent,
      children: line.children.length,
    })));
    const before = (await texts()).length;
    await page.fill('#console-input', typed);
    await page.press('#console-input', 'Enter');

    await page.waitForFunction((n) => document.querySelector('#console-output').children.length > n, before);
    // Give an injected onerror handler the chance to run before checking.
    await page.waitForTimeout(200);
    const added = (await texts()).slice(before);
    const echoes = added.filter((line) => line.text.includes(typed));
    assert.equal(echoes.length, 1, `the typed line is echoed exactly once: ${JSON.stringify(added)}`);
    assert.ok(
      [typed, `> ${typed}`].includes(echoes[0].text),
      `the echo is the typed text (optionally after a "> " prompt): ${JSON.stringify(echoes[0].text)}`,
    );
    assert.ok(added.every((line) => line.children === 0), 'every new line is plain text');
    assert.equal(await page.locator('img').count(), 0, 'no <img> element appeared');
    assert.equal(await page.inputValue('#console-input'), '', 'the input is cleared');
  });
});
