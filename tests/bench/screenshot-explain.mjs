// Writes the README's pictures of issue 12 (needs GENERALS_PAGE_URL;
// scripts/screenshot.sh sets it):
//   www/screenshot-eig.png         OM(2), five generals, G3 lies: G2's EIG tree
//                                  in the inspector, the pointer on the chain
//                                  G1 → G4 → G3 (highlighted on the canvas)
//   www/screenshot-two-worlds.png  lesson 4: world A and world B side by side,
//                                  G2's identical view outlined in both, the
//                                  node G1 → G3 focused in world A and its
//                                  twin in world B marked
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser } from '../page/harness.mjs';
import { clickGeneral, openWith, run } from '../page/helpers.mjs';

const out = (name) => fileURLToPath(new URL(`../../www/${name}`, import.meta.url));
const CONTEXT = { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, colorScheme: 'light' };

const browser = await launchBrowser();
try {
  {
    const { page, errors, close } = await openWith(browser, '?generals=5&seed=1&primary=1&om=2', CONTEXT);
    await run(page, 'g-state 3 faulty liar');
    await run(page, 'actual-order retreat');
    await clickGeneral(page, 2); // where the app drew it
    await page.waitForSelector('#inspector:not([hidden])');
    await page.locator('#inspector-eig .eig-node', { hasText: 'G1 \u2192 G4 \u2192 G3' }).hover();
    await page.waitForTimeout(100);
    await page.screenshot({ path: out('screenshot-eig.png') });
    await close();
    if (errors.length) throw new Error(`the page reported errors: ${errors.join(' | ')}`);
  }
  {
    const { page, errors, close } = await openWith(browser, '?generals=4&seed=1&primary=1', CONTEXT);
    await page.click('#lessons > summary');
    await page.click('#lesson-4 > summary');
    await page.click('#lesson-4 .lesson-worlds');
    const panel = page.locator('#lesson-4');
    await panel.scrollIntoViewIfNeeded();
    await page.mouse.move(1, 1);
    await page.locator('#two-worlds-4 .world:nth-child(1) .eig-node[data-chain="1,3"]').focus();
    await page.waitForFunction(() => document.querySelectorAll('#two-worlds-4 .same-chain').length === 2);
    await page.locator('#two-worlds-4').screenshot({ path: out('screenshot-two-worlds.png') });
    await close();
    if (errors.length) throw new Error(`the page reported errors: ${errors.join(' | ')}`);
  }
  console.log('screenshot: wrote www/screenshot-eig.png and www/screenshot-two-worlds.png');
} finally {
  await browser.close();
}
