import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runModel } from '../../src/ui/shared/api-client.js';
import { topologyResultsOf } from '../../src/ui/shared/topology-summary.js';
import { buildUi } from '../../web/build-ui.js';
import { type AugurProcess, serveAugur, stopAugur } from '../support/augur-process.js';
import { type ConsoleBrowser, launchChromium, openConsole } from './support/chromium.js';

/** Screenshots of every page, for a person to look at after a run (gitignored). */
const SHOTS_DIR = join('.tmp', 'ui-screenshots');
/** Spout rate per `sentence` instance, tuples/s, that drives the shipped word count past ρ = 1. */
const OVERLOAD = 10_000;
const HERON = 'heron/WordCountTopology';

let augur: AugurProcess;
let chromium: ConsoleBrowser;
let page: Page;
let base: string;

const shot = (name: string) => page.screenshot({ path: join(SHOTS_DIR, `${name}.png`), fullPage: true });
const text = (selector: string) => page.locator(selector).first().innerText();
/** Reads the graph drawn in `index`-th physical graph of the page (cytoscape keeps it on the element). */
const graphInstances = (index: number, selector: string) =>
  page.evaluate(
    `[...document.querySelectorAll('[data-testid=physical-graph]')][${index}].cy.nodes(${JSON.stringify(selector)}).map((n) => n.id())`,
  ) as Promise<string[]>;

beforeAll(async () => {
  mkdirSync(SHOTS_DIR, { recursive: true });
  await buildUi();
  chromium = await launchChromium();
  page = await chromium.newPage();
  // Bare `npm start`: no configuration, embedded queue, the shipped Heron and Storm examples.
  ({ augur, base } = await serveAugur());
}, 120_000);

afterAll(async () => {
  await chromium?.close();
  await stopAugur(augur);
});

describe('the console in Chromium', () => {
  it('lists the shipped Heron and Storm topologies', async () => {
    await openConsole(page, `${base}/ui/`);
    expect(await text('[data-testid=topologies-heron]')).toContain('WordCountTopology');
    expect(await text('[data-testid=topologies-storm]')).toContain('storm-word-count');
    await shot('topologies');
  });

  it('draws every instance of the plan in its container and marks the backpressured one', async () => {
    const expected = topologyResultsOf(
      await runModel(base, `/model/topology/heron/current/WordCountTopology?sentence=${OVERLOAD}`),
    );
    expect(expected.backpressure.instances.length).toBeGreaterThan(0);
    await openConsole(page, `${base}/ui/#/t/${HERON}?role=augur&sentence=${OVERLOAD}`);
    const drawn = await graphInstances(0, 'node.instance');
    expect(drawn.sort()).toEqual(Object.keys(expected.instances).sort());
    const marked = await graphInstances(0, 'node.backpressure');
    expect(marked.sort()).toEqual(expected.backpressure.instances.map((i) => i.instance).sort());
    // Each instance sits inside its container's box.
    const parents = (await page.evaluate(
      `document.querySelector('[data-testid=physical-graph]').cy.nodes('node.instance').map((n) => [n.id(), n.parent().id()])`,
    )) as Array<[string, string]>;
    for (const [id, parent] of parents) expect(parent).toBe(`container:${expected.instances[id]?.container}`);
    expect(await text('[data-testid=graph-legend]')).toContain(`backpressure: ${marked[0]}`);
    expect(await text('[data-testid=summary] [data-metric=backpressure]')).toContain('yes');
    await shot('topology-backpressure');
  });

  it('a what-if with doubled bolt parallelism shows a lower max ρ than today', async () => {
    await openConsole(page, `${base}/ui/#/t/${HERON}?role=augur&sentence=${OVERLOAD}`);
    await page.fill('input[name="parallelism-split"]', '8');
    await page.fill('input[name="parallelism-count"]', '8');
    await page.click('form.what-if button');
    const row = page.locator(
      '[data-testid=what-if-output] [data-testid=summary] tr[data-metric=max-utilisation] td',
    );
    await row.first().waitFor({ timeout: 60_000 });
    const [today, proposed] = (await row.allInnerTexts()).map((s) => Number(s.replaceAll(',', '')));
    expect(today).toBeGreaterThanOrEqual(1);
    expect(proposed).toBeLessThan(today as number);
    // The proposed graph has the doubled bolts: 3 spouts + 8 + 8.
    expect(await graphInstances(1, 'node.instance')).toHaveLength(19);
    await shot('what-if');
  });

  it('draws the forecast with its prediction bands beside the backtest scores', async () => {
    await openConsole(page, `${base}/ui/#/traffic/${HERON}?role=augur&horizon=60`);
    await page.waitForSelector('[data-testid=forecast-chart] canvas');
    // Pixels of the light-blue band fills as seen on the white page (the canvas itself is transparent).
    const bandPixels = (await page.evaluate(`(() => {
      const canvas = document.querySelector('[data-testid=forecast-chart] canvas');
      const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let band = 0;
      for (let i = 0; i < d.length; i += 4) {
        const a = d[i + 3] / 255;
        const [r, b] = [255 - a * (255 - d[i]), 255 - a * (255 - d[i + 2])];
        if (r > 60 && r < 236 && b > 200 && b - r > 15) band++;
      }
      return band / (canvas.width * canvas.height);
    })()`)) as number;
    expect(bandPixels).toBeGreaterThan(0.01);
    expect(await text('[data-testid=backtest]')).toMatch(/forecast\s+[\d.]+/);
    await shot('traffic');
  });

  it('shows scaling advice with the Storm rebalance command and the autoscaler history', async () => {
    await openConsole(page, `${base}/ui/#/scaling/storm/storm-word-count?duration=1`);
    expect(await text('[data-testid=advice]')).toContain('split');
    const command = await text('[data-testid=apply-command]');
    expect(command).toMatch(/^storm rebalance storm-word-count|Nothing to change/);
    expect(await text('.autoscaler-history')).toContain('autoscaler is off');
    await shot('scaling');
  });

  it('shows an API error with its code and message', async () => {
    await openConsole(page, `${base}/ui/#/t/heron/NoSuchTopology`);
    const error = await text('[role=alert]');
    expect(error).toContain('TOPOLOGY_NOT_FOUND');
    expect(error).toContain('does not hold this topology');
    await shot('error');
  });

  it('lists past model runs, each opening by its URL, with a self-contained report', async () => {
    await openConsole(page, `${base}/ui/#/runs`);
    const links = page.locator('[data-testid=runs] a');
    expect(await links.count()).toBeGreaterThan(3);
    const href = (await links.first().getAttribute('href')) ?? '';
    expect(href).toMatch(/^#\/run\/(heron|storm)\/[\w-]+\/(traffic|topology|scaling)-/);
    await shot('runs');
    await openConsole(page, `${base}/ui/${href}`);
    expect(await text('.run-meta')).toContain('complete');
    await shot('run');
    const reportHref = (await page.locator('[data-testid=report-link]').getAttribute('href')) ?? '';
    const report = await (await fetch(`${base}${reportHref}`)).text();
    expect(report).not.toMatch(/<script[^>]+src=|<link[^>]+href=/);
    await page.setContent(report);
    await page.waitForSelector('body[data-ready="true"]');
    expect(await text('h1')).toMatch(/WordCountTopology|storm-word-count/);
    await shot('report');
  });
});
