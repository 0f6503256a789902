import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runModel, useApiKey } from '../../src/ui/shared/api-client.js';
import { buildUi } from '../../web/build-ui.js';
import { type AugurProcess, serveAugur, stopAugur } from '../support/augur-process.js';
import { type ConsoleBrowser, launchChromium, openConsole } from './support/chromium.js';

const KEY = 'console-key-29c0';
let augur: AugurProcess;
let chromium: ConsoleBrowser;
let page: Page;
let base: string;

beforeAll(async () => {
  await buildUi();
  chromium = await launchChromium();
  page = await chromium.newPage();
  const sha256 = createHash('sha256').update(KEY).digest('hex');
  // Keys required (auth.mode: required) while listening on loopback for the test.
  ({ augur, base } = await serveAugur({
    AUGUR_SERVER__AUTH__MODE: 'required',
    AUGUR_SERVER__AUTH__KEYS: `[{name: console, sha256: ${sha256}, scopes: [model]}]`,
  }));
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  await stopAugur(augur);
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

  it("draws a graph result, and opens its report with the tab's key", async () => {
    useApiKey(KEY);
    const doc = await runModel(base, '/model/graph/heron/WordCountTopology?sentence=100');
    useApiKey(undefined);
    await openConsole(page, `${base}/ui/#/run/heron/WordCountTopology/${doc.model_id}`);
    const critical = await page.locator('[data-testid=critical-path]').innerText();
    expect(critical).toMatch(/sentence → split → count/);
    expect(await page.locator('[data-testid=graph-components]').innerText()).toContain('split');
    const [report] = await Promise.all([
      page.context().waitForEvent('page'),
      page.click('[data-testid=report-link]'),
    ]);
    await report.waitForSelector('body[data-ready="true"]');
    expect(await report.locator('[data-testid=critical-path]').innerText()).toBe(critical);
    await report.close();
  });
});
