import { describe, expect, it } from 'vitest';
import {
  type DecideScalingInput,
  decideScaling,
  type RecommendationSample,
  type ScalingSettings,
  stabilizationWindow,
} from '../../src/autoscaler/decide-scaling.js';
import type { LoopAdvice } from '../../src/autoscaler/loop-advice.js';

const NOW = 1_700_000_000_000;
const SETTINGS: ScalingSettings = {
  tolerance: 0.1,
  scaleDownStabilizationSec: 900,
  cooldownSec: 600,
  sampleValiditySec: 600, // two 300 s evaluation intervals
};

type Component = LoopAdvice['components'][number];

const bolt = (
  c: Partial<Component> & Pick<Component, 'current_parallelism' | 'recommended_parallelism'>,
) => ({
  component: 'split',
  kind: 'bolt' as const,
  predicted_utilisation: 0.7,
  bound_by: 'utilisation',
  reasons: [],
  ...c,
});

/** Samples of `split`'s recommendation, `secondsAgo → parallelism`. */
const samples = (entries: Array<[secondsAgo: number, recommended: number]>): RecommendationSample[] =>
  entries.map(([ago, p]) => ({ atMs: NOW - ago * 1000, recommended: { split: p } }));

function decide(
  components: Component[],
  extra: Partial<Omit<DecideScalingInput, 'advice' | 'settings'>> & {
    settings?: Partial<ScalingSettings>;
  } = {},
) {
  return decideScaling({
    advice: { target_utilisation: 0.7, components },
    history: extra.history ?? [],
    lastChangeAtMs: extra.lastChangeAtMs ?? null,
    inFlight: extra.inFlight ?? false,
    nowMs: NOW,
    settings: { ...SETTINGS, ...extra.settings },
  });
}

describe('decideScaling: tolerance band, stabilization, cooldown, in flight (target 0.7 ± 10 %)', () => {
  it.each([
    // [what, component, expected action, verdict, to]
    [
      'busiest at 0.75 (in the band 0.63–0.77): holds despite a recommendation of 3',
      bolt({ current_parallelism: 2, recommended_parallelism: 3, current_utilisation: 0.75 }),
      'hold',
      'within_band',
      2,
    ],
    [
      'busiest at 0.63 (the band’s lower edge): holds',
      bolt({ current_parallelism: 4, recommended_parallelism: 3, current_utilisation: 0.63 }),
      'hold',
      'within_band',
      4,
    ],
    [
      'at the recommendation: holds',
      bolt({ current_parallelism: 2, recommended_parallelism: 2, current_utilisation: 0.95 }),
      'hold',
      'at_recommendation',
      2,
    ],
    [
      'busiest at 0.95: scales up 2 → 4 at once, with no history',
      bolt({ current_parallelism: 2, recommended_parallelism: 4, current_utilisation: 0.95 }),
      'scale',
      'scale_up',
      4,
    ],
    [
      'busiest at 0.78 (just above 0.77): scales up',
      bolt({ current_parallelism: 2, recommended_parallelism: 3, current_utilisation: 0.78 }),
      'scale',
      'scale_up',
      3,
    ],
    [
      'busiest at 0.2 with no history: a scale-down waits for its window',
      bolt({ current_parallelism: 6, recommended_parallelism: 2, current_utilisation: 0.2 }),
      'stabilizing',
      'stabilizing',
      6,
    ],
    [
      'no measured utilisation: estimated 0.5 × 3 / 2 = 0.75, in the band',
      bolt({ current_parallelism: 2, recommended_parallelism: 3, predicted_utilisation: 0.5 }),
      'hold',
      'within_band',
      2,
    ],
    [
      'no measured utilisation: estimated 0.6 × 4 / 2 = 1.2, scales up',
      bolt({ current_parallelism: 2, recommended_parallelism: 4, predicted_utilisation: 0.6 }),
      'scale',
      'scale_up',
      4,
    ],
  ])('%s', (_what, component, action, verdict, to) => {
    const d = decide([component]);
    expect(d.action).toBe(action);
    expect(d.components[0]).toMatchObject({ verdict, to, from: component.current_parallelism });
    expect(d.changes).toEqual(
      to === component.current_parallelism
        ? []
        : [{ component: 'split', from: component.current_parallelism, to }],
    );
    expect(d.reasons.length).toBeGreaterThan(0);
  });

  it('marks an estimated utilisation as such', () => {
    const d = decide([
      bolt({ current_parallelism: 2, recommended_parallelism: 4, predicted_utilisation: 0.6 }),
    ]);
    expect(d.components[0]).toMatchObject({ utilisation: 1.2, utilisation_source: 'estimated' });
  });

  it('without any utilisation (null, as a planner without service times gives) the band is not applied', () => {
    const c = bolt({
      current_parallelism: 2,
      recommended_parallelism: 3,
      current_utilisation: null,
      predicted_utilisation: null,
    });
    const d = decide([c]);
    expect(d.action).toBe('scale');
    expect(d.components[0]).toMatchObject({
      utilisation: null,
      utilisation_source: 'unknown',
      verdict: 'scale_up',
    });
    expect(d.components[0]?.reason).toMatch(/^split: utilisation unknown \(no band\), scale up 2 → 3 \(/);
  });

  it('centres the band on the configured target instead of the advice’s', () => {
    // 0.95 is inside 0.9 ± 0.09.
    const c = bolt({ current_parallelism: 2, recommended_parallelism: 3, current_utilisation: 0.95 });
    expect(decide([c]).action).toBe('scale');
    const d = decide([c], { settings: { targetUtilisation: 0.9 } });
    expect(d).toMatchObject({ action: 'hold', target_utilisation: 0.9 });
  });

  describe('scale-down: the highest recommendation of an observed window', () => {
    const down = bolt({ current_parallelism: 6, recommended_parallelism: 2, current_utilisation: 0.2 });

    it('scales down to the window’s maximum, counting the sample in force at the window’s start', () => {
      // Window [now − 900 s, now]: 4 (from −1000 s, in force at −900 s), 3, 5, 2, and 2 now → max 5.
      const d = decide([down], {
        history: samples([
          [1000, 4],
          [700, 3],
          [400, 5],
          [100, 2],
        ]),
      });
      expect(d.action).toBe('scale');
      expect(d.components[0]).toMatchObject({ verdict: 'scale_down', to: 5, window_max: 5 });
      expect(d.changes).toEqual([{ component: 'split', from: 6, to: 5 }]);
    });

    it('a sample older than the start only counts as the one in force then', () => {
      // 7 at −1300 s was replaced by 4 at −1000 s: max is 4.
      const d = decide([down], {
        history: samples([
          [1300, 7],
          [1000, 4],
          [700, 3],
          [400, 3],
          [100, 2],
        ]),
      });
      expect(d.components[0]).toMatchObject({ verdict: 'scale_down', to: 4, window_max: 4 });
    });

    it('holds when the window’s maximum is at or above today’s parallelism', () => {
      const d = decide([down], {
        history: samples([
          [1000, 6],
          [700, 6],
          [400, 3],
          [100, 2],
        ]),
      });
      expect(d.action).toBe('hold');
      expect(d.components[0]).toMatchObject({ verdict: 'held_by_window', to: 6, window_max: 6 });
    });

    it('waits while the window is observed for less than its length', () => {
      const d = decide([down], {
        history: samples([
          [600, 2],
          [300, 2],
        ]),
      });
      expect(d.action).toBe('stabilizing');
      expect(d.components[0]?.reason).toContain('600 s so far');
    });

    it('waits again after a gap longer than a sample’s validity (the loop was down)', () => {
      // 900 s between −1000 s and −100 s > 600 s validity.
      const d = decide([down], {
        history: samples([
          [1300, 2],
          [1000, 2],
          [100, 2],
        ]),
      });
      expect(d.action).toBe('stabilizing');
    });

    it('tolerates evaluations drifting by a little (−900.1 s, −599.9 s…)', () => {
      const d = decide([down], {
        history: samples([
          [900.1, 3],
          [599.9, 3],
          [300.2, 3],
        ]),
      });
      expect(d.components[0]).toMatchObject({ verdict: 'scale_down', to: 3 });
    });

    it('acts at once with a zero-length window', () => {
      const d = decide([down], { settings: { scaleDownStabilizationSec: 0 } });
      expect(d.components[0]).toMatchObject({ verdict: 'scale_down', to: 2 });
    });

    it('scales another component up while this one stabilizes', () => {
      const up = bolt({
        component: 'count',
        current_parallelism: 2,
        recommended_parallelism: 5,
        current_utilisation: 0.99,
      });
      const d = decide([down, up]);
      expect(d.action).toBe('scale');
      expect(d.changes).toEqual([{ component: 'count', from: 2, to: 5 }]);
      expect(d.components.map((c) => c.verdict)).toEqual(['stabilizing', 'scale_up']);
    });
  });

  describe('one change at a time', () => {
    const up = bolt({ current_parallelism: 2, recommended_parallelism: 4, current_utilisation: 0.95 });

    it('holds a wanted change within the cooldown, saying until when', () => {
      const d = decide([up], { lastChangeAtMs: NOW - 300_000 });
      expect(d.action).toBe('cooldown');
      expect(d.cooldownUntilMs).toBe(NOW + 300_000);
      expect(d.changes).toEqual([{ component: 'split', from: 2, to: 4 }]);
    });

    it('scales once the cooldown has passed', () => {
      expect(decide([up], { lastChangeAtMs: NOW - 600_000 }).action).toBe('scale');
    });

    it('holds a wanted change while another is in flight (before the cooldown is looked at)', () => {
      expect(decide([up], { inFlight: true, lastChangeAtMs: NOW - 10_000 }).action).toBe('in_flight');
    });

    it('neither cooldown nor in-flight matters when nothing is wanted', () => {
      const held = bolt({ current_parallelism: 2, recommended_parallelism: 2, current_utilisation: 0.7 });
      expect(decide([held], { inFlight: true, lastChangeAtMs: NOW }).action).toBe('hold');
    });
  });
});

describe('stabilizationWindow', () => {
  const settings = { scaleDownStabilizationSec: 900, sampleValiditySec: 600 };

  it.each([
    [
      'every 300 s for 1200 s',
      [
        [1200, 3],
        [900, 5],
        [600, 4],
        [300, 3],
        [0, 2],
      ],
      true,
      5,
      900,
    ],
    [
      'only 600 s of samples',
      [
        [600, 4],
        [300, 3],
        [0, 2],
      ],
      false,
      4,
      600,
    ],
    [
      'a 700 s gap inside the window',
      [
        [1000, 4],
        [300, 3],
        [0, 2],
      ],
      false,
      4,
      300,
    ],
  ] as Array<[string, Array<[number, number]>, boolean, number, number]>)(
    '%s',
    (_what, entries, observed, max, observedSec) => {
      const w = stabilizationWindow(samples(entries), 'split', NOW, settings);
      expect(w).toEqual({ observed, max, observedSec });
    },
  );
});

describe('decideScaling: an overloaded component is never scaled down', () => {
  it('holds a scale-down recommended for a component running above the band (e.g. a hot key)', () => {
    const d = decide(
      [
        bolt({
          current_parallelism: 4,
          recommended_parallelism: 2,
          current_utilisation: 0.95,
          bound_by: 'hot_key',
        }),
      ],
      {
        history: samples([
          [900, 2],
          [600, 2],
          [300, 2],
        ]),
      },
    );
    expect(d.action).toBe('hold');
    expect(d.components[0]).toMatchObject({ verdict: 'held_overloaded', to: 4 });
    expect(d.components[0]?.reason).toMatch(
      /utilisation 0\.95 above 0\.77 yet recommended 2 < 4 \(hot_key\)/,
    );
  });

  it('says where the utilisation lies when a scale-up comes from the traffic ahead', () => {
    const d = decide([
      bolt({
        current_parallelism: 2,
        recommended_parallelism: 4,
        current_utilisation: 0.1,
        bound_by: 'target_utilisation',
      }),
    ]);
    expect(d.components[0]?.reason).toBe(
      'split: utilisation 0.1 below 0.63, scale up 2 → 4 (target_utilisation)',
    );
  });
});
