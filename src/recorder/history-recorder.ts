import { toErrorBody } from '../errors.js';
import type { MetricsSource } from '../metrics/metrics-source.js';
import type { TopologyRef } from '../topology/topology-ref.js';
import { spoutNames } from '../topology/topology-structure.js';
import type { HistoryStore } from './history-store.js';

/** Heron reports metrics in one-minute buckets. */
const BUCKET_SEC = 60;

/** The metric family the recorder keeps: spout emit counts, one series per output stream and instance. */
export const RECORDED_METRIC_FAMILY = '__emit-count';

export interface HistoryRecorderOptions {
  /** The live source polled (the Tracker). */
  source: MetricsSource;
  store: HistoryStore;
  /** How far back each poll reads, s (re-read minutes are deduplicated by timestamp). */
  lookbackSec: number;
  /** Current time, Unix seconds (tests). @defaultValue the wall clock */
  nowSec?: () => number;
}

export interface RecordResult {
  /** Window read, Unix seconds: `[startSec, endSec)`. */
  startSec: number;
  endSec: number;
  /** Points written (re-written minutes included). */
  points: number;
  /** Series (component, metric, instance) that answered. */
  series: number;
}

/**
 * One poll of one topology: reads each spout's `__emit-count/<stream>` per instance over the last
 * `lookbackSec` (up to the last complete minute) from the live source and appends it to the store. Records the
 * run (time, or the error) so `GET /recorder` shows it; rethrows the error for the job's retry/backoff.
 */
export class HistoryRecorder {
  private readonly source: MetricsSource;
  private readonly store: HistoryStore;
  private readonly lookbackSec: number;
  private readonly nowSec: () => number;

  constructor(options: HistoryRecorderOptions) {
    this.source = options.source;
    this.store = options.store;
    this.lookbackSec = options.lookbackSec;
    this.nowSec = options.nowSec ?? (() => Math.floor(Date.now() / 1000));
  }

  async record(ref: TopologyRef, atSec: number = this.nowSec()): Promise<RecordResult> {
    // The current minute is still filling: stop at its start (the window end is exclusive).
    const endSec = Math.floor(atSec / BUCKET_SEC) * BUCKET_SEC;
    const startSec = endSec - this.lookbackSec;
    try {
      const structure = await this.source.getStructure(ref);
      let points = 0;
      let series = 0;
      for (const spout of spoutNames(structure)) {
        const component = structure.components[spout];
        if (!component) continue;
        const metrics = component.outputStreams.map((stream) => `${RECORDED_METRIC_FAMILY}/${stream}`);
        const read = await this.source.getMetricSeries(ref, {
          component: spout,
          metrics,
          instances: component.instances,
          startSec,
          endSec,
        });
        for (const byInstance of Object.values(read)) series += Object.keys(byInstance).length;
        points += await this.store.append(ref, spout, read, atSec);
      }
      await this.store.setRun(ref, { lastRunSec: atSec, lastError: null });
      return { startSec, endSec, points, series };
    } catch (err) {
      const body = toErrorBody(err);
      const previous = await this.store.getRun(ref).catch(() => null);
      await this.store
        .setRun(ref, {
          lastRunSec: previous?.lastRunSec ?? null,
          lastError: { atSec: atSec, code: body.code, message: body.message },
        })
        .catch(() => {});
      throw err;
    }
  }
}
