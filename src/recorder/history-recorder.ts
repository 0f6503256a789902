import { AppError, toErrorBody } from '../errors.js';
import type { MetricsSource } from '../metrics/metrics-source.js';
import { BUCKET_SEC, METRIC_FAMILY, metric } from '../topology/metric-series.js';
import type { Dsps, TopologyRef } from '../topology/topology-ref.js';
import { spoutNames } from '../topology/topology-structure.js';
import type { HistoryStore } from './history-store.js';

/** The metric family the recorder keeps: spout emit counts, one series per output stream and instance. */
export const RECORDED_METRIC_FAMILY = METRIC_FAMILY.emitted;

export interface HistoryRecorderOptions {
  /**
   * The live source polled per DSPS (Heron: the Tracker; Storm: the Storm UI). A topology whose DSPS has no
   * source fails its polls with `CONFIG_INVALID`, recorded in its state. @defaultValue {}
   */
  sources?: Partial<Record<Dsps, MetricsSource>>;
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
 * `lookbackSec` (up to the last complete minute) from the live source of the topology's DSPS and appends it to
 * the store. Records the run (time, or the error) so `GET /recorder` shows it; rethrows the error for the
 * job's retry/backoff.
 *
 * A Tracker answers every minute of the lookback (re-read minutes are deduplicated by timestamp); a Storm UI
 * answers one point per instance, its window average stamped at the last complete minute, so polls at
 * successive minutes add one point each and a repeated poll in the same minute rewrites that point.
 */
export class HistoryRecorder {
  private readonly sources: Partial<Record<Dsps, MetricsSource>>;
  private readonly store: HistoryStore;
  private readonly lookbackSec: number;
  private readonly nowSec: () => number;

  constructor(options: HistoryRecorderOptions) {
    this.sources = { ...options.sources };
    this.store = options.store;
    this.lookbackSec = options.lookbackSec;
    this.nowSec = options.nowSec ?? (() => Math.floor(Date.now() / 1000));
  }

  /** Whether topologies of `dsps` can be polled (a live source is configured for it). */
  hasSource(dsps: Dsps): boolean {
    return this.sources[dsps] !== undefined;
  }

  async record(ref: TopologyRef, atSec: number = this.nowSec()): Promise<RecordResult> {
    // The current minute is still filling: stop at its start (the window end is exclusive).
    const endSec = Math.floor(atSec / BUCKET_SEC) * BUCKET_SEC;
    const startSec = endSec - this.lookbackSec;
    try {
      const source = this.sourceOf(ref.dsps);
      const structure = await source.getStructure(ref);
      let points = 0;
      let series = 0;
      for (const spout of spoutNames(structure)) {
        const component = structure.components[spout];
        if (!component) continue;
        const metrics = component.outputStreams.map(metric.emitted);
        const read = await source.getMetricSeries(ref, {
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
      await this.recordFailure(ref, err, atSec);
      throw err;
    }
  }

  /**
   * Records a failed run in the topology's state (its last successful run kept), best effort: a store that
   * cannot be written is not worth hiding the original error for.
   */
  async recordFailure(ref: TopologyRef, err: unknown, atSec: number = this.nowSec()): Promise<void> {
    const body = toErrorBody(err);
    const previous = await this.store.getRun(ref).catch(() => null);
    await this.store
      .setRun(ref, {
        lastRunSec: previous?.lastRunSec ?? null,
        lastError: { atSec, code: body.code, message: body.message },
      })
      .catch(() => {});
  }

  private sourceOf(dsps: Dsps): MetricsSource {
    const source = this.sources[dsps];
    if (!source) throw noSourceError(dsps);
    return source;
  }
}

/** A topology of a DSPS the recorder has no live source for: permanent until the configuration changes. */
export function noSourceError(dsps: Dsps): AppError {
  return new AppError(
    'CONFIG_INVALID',
    `The recorder has no ${dsps} metrics source: configure metrics.${dsps}, or remove the ${dsps} topologies from recorder.topologies`,
    { details: { dsps } },
  );
}
