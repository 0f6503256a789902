import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StormUiClient } from '../../../src/dsps/storm/storm-ui-client.js';
import { type FakeStormUi, SYNTHETIC_WORD_COUNT_ID, startFakeStormUi } from '../../support/fake-storm-ui.js';

describe('Storm UI client: answers reused for cacheMs', () => {
  let ui: FakeStormUi;
  beforeAll(async () => {
    ui = await startFakeStormUi();
  });
  afterAll(async () => {
    await ui?.close();
  });
  const pageRequests = () => ui.requests.filter((r) => r.path.endsWith(SYNTHETIC_WORD_COUNT_ID)).length;

  it('asks once within cacheMs, again after it; without cacheMs every time', async () => {
    const cached = new StormUiClient({ url: ui.url, retries: 0, cacheMs: 200 });
    const before = pageRequests();
    const [a, b] = await Promise.all([
      cached.getTopologyPage(SYNTHETIC_WORD_COUNT_ID),
      cached.getTopologyPage(SYNTHETIC_WORD_COUNT_ID),
    ]);
    await cached.getTopologyPage(SYNTHETIC_WORD_COUNT_ID);
    expect(a).toEqual(b);
    expect(pageRequests() - before).toBe(1);
    await new Promise((r) => setTimeout(r, 250));
    await cached.getTopologyPage(SYNTHETIC_WORD_COUNT_ID);
    expect(pageRequests() - before).toBe(2);

    const plain = new StormUiClient({ url: ui.url, retries: 0 });
    await plain.getTopologyPage(SYNTHETIC_WORD_COUNT_ID);
    await plain.getTopologyPage(SYNTHETIC_WORD_COUNT_ID);
    expect(pageRequests() - before).toBe(4);
  });

  it('never reuses a failure', async () => {
    const cached = new StormUiClient({ url: ui.url, retries: 0, cacheMs: 60_000 });
    ui.failNext(1);
    await expect(cached.getTopologyPage(SYNTHETIC_WORD_COUNT_ID)).rejects.toMatchObject({
      code: 'METRICS_UNAVAILABLE',
    });
    await expect(cached.getTopologyPage(SYNTHETIC_WORD_COUNT_ID)).resolves.toMatchObject({
      id: SYNTHETIC_WORD_COUNT_ID,
    });
  });
});
