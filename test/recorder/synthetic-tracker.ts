import { type FakeTopology, loadSnapshotTopologies } from '../support/fake-tracker.js';

export const SNAPSHOT_DIR = 'examples/snapshots/word-count';

/** The word-count example's coordinates, as a request names them. */
export const WORD_COUNT = {
  dsps: 'heron',
  cluster: 'local',
  environ: 'default',
  role: 'augur',
  topology: 'WordCountTopology',
} as const;

/** A deterministic emit count for an instance and minute: a daily-ish wave plus a per-instance offset. */
export function emitCountAt(instanceIndex: number, tsSec: number, scale = 1): number {
  const minute = tsSec / 60;
  return Math.round(scale * (9000 + 1000 * Math.sin((2 * Math.PI * minute) / 1440) + 37 * instanceIndex));
}

/**
 * The word-count example topology with the `sentence` spout's `__emit-count/default` replaced by synthetic
 * per-minute counts over `[fromSec, toSec)` (every instance the snapshot has), for fake Trackers that serve
 * any window (e.g. around the wall clock, or an earlier 3 hours than another fake).
 */
export async function syntheticWordCount(fromSec: number, toSec: number, scale = 1): Promise<FakeTopology> {
  const [base] = await loadSnapshotTopologies(SNAPSHOT_DIR);
  if (!base) throw new Error('the example snapshot holds no topology');
  const raw = base.metrics?.sentence as { result: { timeline: Record<string, Record<string, unknown>> } };
  const instances = Object.keys(raw.result.timeline['__emit-count/default'] ?? {}).sort();
  const byInstance: Record<string, Record<string, string>> = {};
  instances.forEach((instance, i) => {
    const points: Record<string, string> = {};
    for (let ts = fromSec; ts < toSec; ts += 60) points[String(ts)] = String(emitCountAt(i, ts, scale));
    byInstance[instance] = points;
  });
  return {
    ...base,
    metrics: {
      ...base.metrics,
      sentence: {
        status: 'success',
        executiontime: 0.0001,
        message: '',
        version: '1.0.0',
        result: {
          component: 'sentence',
          starttime: fromSec,
          endtime: toSec,
          timeline: { '__emit-count/default': byInstance },
        },
      },
    },
  };
}

/** The instances of the `sentence` spout in the example. */
export async function sentenceInstances(): Promise<string[]> {
  const t = await syntheticWordCount(0, 60);
  const raw = t.metrics?.sentence as { result: { timeline: Record<string, Record<string, unknown>> } };
  return Object.keys(raw.result.timeline['__emit-count/default'] ?? {}).sort();
}
