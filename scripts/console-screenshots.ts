/**
 * Regenerates the console screenshots in docs/ (`npm run screenshots`): builds the console, starts augur on a
 * free port with the shipped examples, opens each page in headless Chromium and saves a PNG of it.
 */
import { join } from 'node:path';
import { freePort, startAugur, waitForHttp } from '../test/support/augur-process.js';
import { launchChromium, openConsole } from '../test/ui/support/chromium.js';
import { buildUi } from '../web/build-ui.js';

const PAGES: Array<{ file: string; hash: string; action?: 'what-if' }> = [
  { file: 'console-topologies.png', hash: '#/' },
  { file: 'console-topology.png', hash: '#/t/heron/WordCountTopology?role=augur&sentence=9000' },
  {
    file: 'console-what-if.png',
    hash: '#/t/heron/WordCountTopology?role=augur&sentence=9000',
    action: 'what-if',
  },
  { file: 'console-traffic.png', hash: '#/traffic/heron/WordCountTopology?role=augur&horizon=120' },
  { file: 'console-scaling.png', hash: '#/scaling/storm/storm-word-count?duration=1' },
  { file: 'console-runs.png', hash: '#/runs' },
];

await buildUi();
const port = await freePort();
const chromium = await launchChromium();
const augur = startAugur(['all'], { PORT: String(port), AUGUR_SERVER__LOG_LEVEL: 'warn' });
try {
  const base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}/health`, augur);
  const page = await chromium.newPage();
  for (const shot of PAGES) {
    await openConsole(page, `${base}/ui/${shot.hash}`);
    if (shot.action === 'what-if') {
      await page.fill('input[name="parallelism-split"]', '8');
      await page.fill('input[name="parallelism-count"]', '8');
      await page.click('form.what-if button');
      await page.waitForSelector('[data-testid="what-if-output"] table', { timeout: 60_000 });
      await page.waitForTimeout(500);
      await page.locator('[data-testid="what-if-output"]').scrollIntoViewIfNeeded();
    }
    const path = join('docs', shot.file);
    await page.screenshot({ path, fullPage: shot.action !== 'what-if' });
    process.stdout.write(`screenshots: ${path}\n`);
  }
} finally {
  await chromium.close();
  augur.child.kill('SIGTERM');
  await augur.exited;
}
