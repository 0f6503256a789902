import type { RecorderConfig, RecorderState } from '../config/history-schema.js';
import type { HistoryStore } from './history-store.js';

const iso = (sec: number | null): string | null => (sec === null ? null : new Date(sec * 1000).toISOString());

/**
 * What `GET /recorder` shows: the topologies watched (configured or requested, each with its DSPS), and per
 * topology and in total the series recorded, their points, the oldest and newest point, the last successful
 * run and the last error (an error stays shown until a later run succeeds).
 */
export async function recorderState(
  store: HistoryStore,
  config: Pick<RecorderConfig, 'enabled' | 'intervalSec' | 'retentionSec'>,
): Promise<RecorderState> {
  const watched = await store.listWatched();
  const topologies: RecorderState['topologies'] = [];
  for (const w of watched) {
    const [stats, run] = await Promise.all([store.stats(w.ref), store.getRun(w.ref)]);
    topologies.push({
      dsps: w.ref.dsps,
      cluster: w.ref.cluster,
      environ: w.ref.environ,
      ...(w.ref.role ? { role: w.ref.role } : {}),
      topology: w.ref.topology,
      origin: w.origin,
      intervalSec: w.intervalSec,
      lastRunAt: iso(run?.lastRunSec ?? null),
      lastError: run?.lastError
        ? { at: iso(run.lastError.atSec) ?? '', code: run.lastError.code, message: run.lastError.message }
        : null,
      series: stats.series,
      points: stats.points,
      oldest: iso(stats.oldestSec),
      newest: iso(stats.newestSec),
    });
  }
  const pick = (values: Array<string | null>, newest: boolean): string | null => {
    const present = values.filter((v): v is string => v !== null).sort();
    return (newest ? present.at(-1) : present[0]) ?? null;
  };
  const lastError = topologies
    .map((t) => t.lastError)
    .filter((e): e is NonNullable<typeof e> => e !== null)
    .sort((a, b) => a.at.localeCompare(b.at))
    .at(-1);
  return {
    enabled: config.enabled,
    intervalSec: config.intervalSec,
    retentionSec: config.retentionSec,
    topologies,
    series: topologies.reduce((sum, t) => sum + t.series, 0),
    points: topologies.reduce((sum, t) => sum + t.points, 0),
    oldest: pick(
      topologies.map((t) => t.oldest),
      false,
    ),
    newest: pick(
      topologies.map((t) => t.newest),
      true,
    ),
    lastRunAt: pick(
      topologies.map((t) => t.lastRunAt),
      true,
    ),
    lastError: lastError ?? null,
  };
}
