// Shared helpers for the page tests (node:test + playwright-core).
//
// The page under test is served by scripts/test.sh (a plain static server over
// dist/) at GENERALS_PAGE_URL. The browser is Debian's Chromium, never a
// downloaded one; set CHROMIUM_PATH to use another binary.
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** How long the page may take to set <body data-ready="true">. */
export const READY_TIMEOUT_MS = 20_000;

/** The served page's address, from the environment (set by scripts/test.sh). */
export function baseUrl() {
  const url = process.env.GENERALS_PAGE_URL;
  if (!url) {
    throw new Error(
      'GENERALS_PAGE_URL is not set: run the page tests with `npm run test:page` '
        + '(or serve dist/ yourself and set GENERALS_PAGE_URL=http://127.0.0.1:PORT/)',
    );
  }
  return url;
}

/** Launches headless Chromium with the flags this machine needs. */
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/**
 * Opens the page at `path` (relative to the base URL) in a fresh context and
 * waits until it is ready. Returns { page, errors, close }: `errors` collects
 * console errors, uncaught page errors, failed requests and dialogs (an
 * alert() means injected markup ran) for the whole life of the page.
 */
export async function openPage(browser, path = '') {
  const context = await browser.newContext({ viewport: { width: 1200, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    errors.push(`request failed: ${request.url()} (${request.failure()?.errorText})`);
  });
  page.on('dialog', (dialog) => {
    errors.push(`dialog opened: ${dialog.type()} "${dialog.message()}"`);
    dialog.dismiss().catch(() => {});
  });

  // Start waiting before navigating, so a flag set early is not missed.
  const ready = page.waitForFunction(
    () => document.body?.dataset.ready === 'true',
    null,
    { timeout: READY_TIMEOUT_MS, polling: 50 },
  );
  ready.catch(() => {}); // reported below, after goto
  const response = await page.goto(new URL(path, baseUrl()).href);
  if (!response || !response.ok()) {
    throw new Error(`loading ${page.url()} answered HTTP ${response?.status()}`);
  }
  try {
    await ready;
  } catch (error) {
    throw new Error(
      `the page did not set <body data-ready="true"> within ${READY_TIMEOUT_MS} ms`
        + `${errors.length ? `; errors: ${errors.join(' | ')}` : ''} (${error.message})`,
    );
  }
  return { page, errors, close: () => context.close() };
}
