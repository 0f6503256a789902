import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { loadModelRegistry } from '../../src/models/model-registry.js';

const FIXTURE = 'test/models/fixtures/peak-traffic-model.ts';

const configWith = (tree: Record<string, unknown>) => parseConfig(tree);

describe('loadModelRegistry', () => {
  it('resolves built-in names per endpoint, in configured order', async () => {
    const registry = await loadModelRegistry(configWith({ model: { traffic: { heron: ['summary'] } } }));
    expect(registry.forEndpoint('traffic.heron').map((m) => m.model.name)).toEqual(['summary']);
    expect(registry.forEndpoint('traffic.storm')).toEqual([]);
  });

  it('loads a model from a module path and validates its settings section', async () => {
    const registry = await loadModelRegistry(
      configWith({ model: { traffic: { heron: ['summary', FIXTURE] } }, models: { peak: { scale: 2 } } }),
    );
    const [, peak] = registry.forEndpoint('traffic.heron');
    expect(peak?.model.name).toBe('peak');
    expect(peak?.settings).toEqual({ scale: 2 });
    const input = {
      structure: { name: 't', components: {}, instances: {} },
      spoutEmitCounts: { s: { default: { i: [[0, 600] as [number, number]] } } },
      bucketSec: 60,
      window: { startSec: 0, endSec: 60 },
      predictionDurationMin: 1,
    };
    expect(peak?.model.run(input, peak.settings)).toEqual({ peak_per_sec: 20 });
  });

  it.each([
    [
      'an unknown name',
      { model: { traffic: { heron: ['prophet'] } } },
      /model\.traffic\.heron\[0\]: unknown model "prophet"/,
    ],
    [
      'a missing module',
      { model: { traffic: { heron: ['./nowhere/model.js'] } } },
      /cannot load model module/,
    ],
    [
      'a module that is not a model',
      { model: { traffic: { heron: ['src/errors.ts'] } } },
      /must export a model/,
    ],
    [
      'a model under the wrong aspect',
      { model: { topology: { heron: { current: ['summary'] } } } },
      /model\.topology\.heron\.current\[0\]: model "summary" is a traffic model/,
    ],
    [
      'invalid model settings',
      { model: { traffic: { heron: ['summary'] } }, models: { summary: { minSamples: 0 } } },
      /models\.summary\.minSamples/,
    ],
  ])('stops start-up on %s', async (_what, tree, message) => {
    await expect(loadModelRegistry(configWith(tree))).rejects.toThrow(message);
  });
});
