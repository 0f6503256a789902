import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUi } from '../../web/build-ui.js';
import { type AugurProcess, freePort, startAugur, waitForHttp } from '../support/augur-process.js';
import { type ConsoleBrowser, launchChromium } from './support/chromium.js';

const KEY = 'console-key-29c0';
let augur: AugurProcess;
let chromium: ConsoleBrowser;
let page: Page;
let base: string;

beforeAll(async () => {
  await buildUi();
  chromium = await launchChromium();
  page = await chromium.newPage();
  const port = await freePort();
  const sha256 = createHash('sha256').update(KEY).digest('hex');
  // Keys required (auth.mode: required) while listening on loopback for the test.
  augur = startAugur(['all'], {
    PORT: String(port),
    AUGUR_SERVER__LOG_LEVEL: 'warn',
    AUGUR_SERVER__AUTH__MODE: 'required',
    AUGUR_SERVER__AUTH__KEYS: `[{name: console, sha256: ${sha256}, scopes: [read]}]`,
  });
  base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}/health`, augur);
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  if (augur && augur.child.exitCode === null) {
    augur.child.kill('SIGTERM');
    await augur.exited;
  }
});

describe('the console against an augur that requires API keys', () => {
  it('shows UNAUTHORIZED with a key form, and lists the topologies once given the key', async () => {
    await page.goto(`${base}/ui/`);
    const alert = page.locator('[role=alert]').first();
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.innerText()).toContain('UNAUTHORIZED');
    await page.fill('form.api-key input[name=api-key]', KEY);
    await page.click('form.api-key button');
    await page.locator('[data-testid=topologies-heron]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid=topologies-heron]').innerText()).toContain('WordCountTopology');
  });
});
