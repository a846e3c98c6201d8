// The canvas view: it is really drawn (not blank, several colours), its
// backing store follows the screen's pixel density (deviceScaleFactor 2),
// and its pixels change while an order's messages are in flight.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from './harness.mjs';
import { afterFrames, canvasHash, type, waitIdle, withPage } from './helpers.mjs';

const HIDPI = { deviceScaleFactor: 2 };

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

/** Size of the canvas element and its backing store, and its distinct colours. */
function canvasStats(page) {
  return page.evaluate(() => {
    const canvas = document.getElementById('view');
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    const colours = new Set();
    for (let i = 0; i < data.length; i += 4) {
      colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    }
    return {
      dpr: window.devicePixelRatio,
      cssWidth: canvas.clientWidth,
      cssHeight: canvas.clientHeight,
      width: canvas.width,
      height: canvas.height,
      colours: colours.size,
    };
  });
}

test('the canvas is drawn at the screen pixel density', async () => {
  await withPage(browser, '?generals=4&primary=1&seed=1', async ({ page }) => {
    const stats = await canvasStats(page);
    const seen = JSON.stringify(stats);
    assert.equal(stats.dpr, 2, seen);
    assert.ok(stats.cssWidth > 100 && stats.cssHeight > 100, `a usable size: ${seen}`);
    assert.equal(stats.width, Math.round(stats.cssWidth * 2), `backing width = 2 x CSS width: ${seen}`);
    assert.equal(stats.height, Math.round(stats.cssHeight * 2), `backing height = 2 x CSS height: ${seen}`);
    // Background, edges, node fill and stroke, the primary's ring, labels.
    assert.ok(stats.colours >= 5, `several colours, not a flat fill: ${seen}`);
  }, HIDPI);
});

test('the pixels move while an order is in flight, and stand still after', async () => {
  await withPage(browser, '?generals=4&primary=1&seed=1', async ({ page }) => {
    // 1x speed: one hop takes 1.2 s, the whole order about 2.4 s.
    await type(page, 'actual-order attack');
    assert.equal(await page.getAttribute('body', 'data-busy'), 'true');
    const first = await canvasHash(page);
    await page.waitForTimeout(200);
    const second = await canvasHash(page);
    assert.ok((await page.evaluate(() => window.wasmBindings.snapshot().busy)), 'still in flight');
    assert.notEqual(second, first, 'the canvas changed within 200 ms of an order in flight');

    await waitIdle(page);
    await afterFrames(page); // one more frame with the verdict drawn
    const settled = await canvasHash(page);
    await afterFrames(page, 12);
    assert.equal(await canvasHash(page), settled, 'nothing moves once the order is decided');
  }, HIDPI);
});
