import type { Redis } from 'ioredis';
import { AppError } from '../errors.js';
import { storeConnection } from '../jobs/redis-connection.js';
import type { MetricSeries, SeriesPoints } from '../topology/metric-series.js';
import { type TopologyRef, topologyRefKey } from '../topology/topology-ref.js';

export interface HistoryStoreOptions {
  /** A Redis URL (the store opens and closes its own connection) or a connection the caller owns. */
  redis: string | Redis;
  /** Key prefix (`redis.prefix`); history lives under `<prefix>:history:`. */
  prefix: string;
  /** Points older than this are trimmed at each write, s. */
  retentionSec: number;
}

/** Where a watched topology came from: the configuration, or a traffic request. */
export type WatchOrigin = 'config' | 'requested';

export interface WatchedTopology {
  ref: TopologyRef;
  origin: WatchOrigin;
  intervalSec: number;
  /** Last traffic request for it, Unix seconds (requested topologies only). */
  lastRequestedSec?: number;
}

export interface RunRecord {
  /** Unix seconds. */
  lastRunSec: number | null;
  lastError: { atSec: number; code: string; message: string } | null;
}

export interface SeriesStats {
  series: number;
  points: number;
  /** Unix seconds of the oldest / newest point, null when there is none. */
  oldestSec: number | null;
  newestSec: number | null;
}

/**
 * Recorded metric history in Redis, one sorted set per series (topology, component, metric, instance):
 *
 * - `<prefix>:history:s:<topology key>:<component>:<metric>:<instance>` (topology key:
 *   {@link HistoryStore.topologyKey}, which starts with the DSPS) — score = bucket timestamp (Unix s),
 *   member = `<ts>:<value>`. Writing a timestamp first removes whatever that timestamp held (in the same
 *   MULTI), so re-polling a minute keeps one point per timestamp: the latest poll's (a minute still filling
 *   is reported lower first). Each write trims points older than the retention and sets the key's expiry to
 *   the retention, so series of forgotten topologies vanish.
 * - `<prefix>:history:idx:<topology key>` — set of `<component>\t<metric>\t<instance>` the topology has.
 * - `<prefix>:history:watched` — hash topology key → {@link WatchedTopology} JSON.
 * - `<prefix>:history:runs` — hash topology key → {@link RunRecord} JSON.
 *
 * Key parts are URI-encoded, so names with `:` cannot collide.
 */
export class HistoryStore {
  readonly prefix: string;
  readonly retentionSec: number;
  private readonly redis: Redis;
  private readonly ownsConnection: boolean;

  constructor(options: HistoryStoreOptions) {
    this.prefix = options.prefix;
    this.retentionSec = options.retentionSec;
    const connection = storeConnection(options.redis);
    this.redis = connection.redis;
    this.ownsConnection = connection.owned;
  }

  /**
   * `dsps:cluster:environ:role:topology`, each part URI-encoded (role empty when absent). The DSPS has been
   * part of every key since the first recorded Heron history, so a Heron and a Storm topology of the same name
   * never share series, index, watch or run entries, and no key changed when Storm was added.
   */
  static topologyKey(ref: TopologyRef): string {
    return topologyRefKey(ref);
  }

  seriesKey(ref: TopologyRef, component: string, metric: string, instance: string): string {
    const parts = [component, metric, instance].map(encodeURIComponent).join(':');
    return `${this.prefix}:history:s:${HistoryStore.topologyKey(ref)}:${parts}`;
  }

  private indexKey(ref: TopologyRef): string {
    return `${this.prefix}:history:idx:${HistoryStore.topologyKey(ref)}`;
  }

  private get watchedKey(): string {
    return `${this.prefix}:history:watched`;
  }

  private get runsKey(): string {
    return `${this.prefix}:history:runs`;
  }

  /**
   * Appends the points of one component's series; returns how many points were written. Points older than
   * the retention (relative to `nowSec`) are not written.
   */
  async append(ref: TopologyRef, component: string, series: MetricSeries, nowSec: number): Promise<number> {
    const cutoffSec = nowSec - this.retentionSec;
    const tx = this.redis.multi();
    let written = 0;
    for (const [metric, byInstance] of Object.entries(series)) {
      for (const [instance, points] of Object.entries(byInstance)) {
        const key = this.seriesKey(ref, component, metric, instance);
        tx.sadd(this.indexKey(ref), [component, metric, instance].join('\t'));
        for (const [ts, value] of points) {
          if (ts < cutoffSec || !Number.isFinite(value)) continue;
          tx.zremrangebyscore(key, ts, ts);
          tx.zadd(key, ts, `${ts}:${value}`);
          written += 1;
        }
        tx.zremrangebyscore(key, '-inf', `(${cutoffSec}`);
        tx.expire(key, this.retentionSec);
      }
    }
    tx.expire(this.indexKey(ref), this.retentionSec);
    await this.run(() => tx.exec());
    return written;
  }

  /**
   * The recorded points of `metrics` in `[startSec, endSec)`, per instance (every recorded instance when
   * `instances` is absent). Metrics without history answer `{}`.
   */
  async read(
    ref: TopologyRef,
    component: string,
    metrics: string[],
    instances: string[] | undefined,
    startSec: number,
    endSec: number,
  ): Promise<MetricSeries> {
    const out: MetricSeries = Object.fromEntries(metrics.map((m) => [m, {}]));
    if (metrics.length === 0 || endSec <= startSec) return out;
    const wanted: Array<[metric: string, instance: string]> = [];
    if (instances) {
      for (const metric of metrics) for (const instance of instances) wanted.push([metric, instance]);
    } else {
      const members = await this.run(() => this.redis.smembers(this.indexKey(ref)));
      for (const member of members) {
        const [c, metric, instance] = member.split('\t');
        if (c === component && metric && instance && metrics.includes(metric))
          wanted.push([metric, instance]);
      }
    }
    if (wanted.length === 0) return out;
    const pipeline = this.redis.pipeline();
    for (const [metric, instance] of wanted) {
      pipeline.zrangebyscore(this.seriesKey(ref, component, metric, instance), startSec, `(${endSec}`);
    }
    const results = await this.run(() => pipeline.exec());
    wanted.forEach(([metric, instance], i) => {
      const [err, members] = results?.[i] ?? [null, []];
      if (err) throw unavailable(err);
      const points = decodePoints(members as string[]);
      const byInstance = out[metric] ?? {};
      if (points.length > 0) byInstance[instance] = points;
      out[metric] = byInstance;
    });
    return out;
  }

  /** Count, points and time span of a topology's recorded series. */
  async stats(ref: TopologyRef): Promise<SeriesStats> {
    const members = await this.run(() => this.redis.smembers(this.indexKey(ref)));
    const stats: SeriesStats = { series: 0, points: 0, oldestSec: null, newestSec: null };
    if (members.length === 0) return stats;
    const pipeline = this.redis.pipeline();
    for (const member of members) {
      const [component = '', metric = '', instance = ''] = member.split('\t');
      const key = this.seriesKey(ref, component, metric, instance);
      pipeline.zcard(key);
      pipeline.zrange(key, 0, 0, 'WITHSCORES');
      pipeline.zrange(key, -1, -1, 'WITHSCORES');
    }
    const results = (await this.run(() => pipeline.exec())) ?? [];
    for (let i = 0; i < members.length; i += 1) {
      const count = Number(results[3 * i]?.[1] ?? 0);
      if (count === 0) continue;
      const first = Number((results[3 * i + 1]?.[1] as string[] | undefined)?.[1]);
      const last = Number((results[3 * i + 2]?.[1] as string[] | undefined)?.[1]);
      stats.series += 1;
      stats.points += count;
      stats.oldestSec = stats.oldestSec === null ? first : Math.min(stats.oldestSec, first);
      stats.newestSec = stats.newestSec === null ? last : Math.max(stats.newestSec, last);
    }
    return stats;
  }

  async setWatched(watched: WatchedTopology): Promise<void> {
    await this.run(() =>
      this.redis.hset(this.watchedKey, HistoryStore.topologyKey(watched.ref), JSON.stringify(watched)),
    );
  }

  async getWatched(ref: TopologyRef): Promise<WatchedTopology | null> {
    const raw = await this.run(() => this.redis.hget(this.watchedKey, HistoryStore.topologyKey(ref)));
    return raw ? (JSON.parse(raw) as WatchedTopology) : null;
  }

  async listWatched(): Promise<WatchedTopology[]> {
    const all = await this.run(() => this.redis.hgetall(this.watchedKey));
    return Object.values(all)
      .map((raw) => JSON.parse(raw) as WatchedTopology)
      .sort((a, b) => HistoryStore.topologyKey(a.ref).localeCompare(HistoryStore.topologyKey(b.ref)));
  }

  async unwatch(ref: TopologyRef): Promise<void> {
    await this.run(() => this.redis.hdel(this.watchedKey, HistoryStore.topologyKey(ref)));
  }

  async setRun(ref: TopologyRef, run: RunRecord): Promise<void> {
    await this.run(() => this.redis.hset(this.runsKey, HistoryStore.topologyKey(ref), JSON.stringify(run)));
  }

  async getRun(ref: TopologyRef): Promise<RunRecord | null> {
    const raw = await this.run(() => this.redis.hget(this.runsKey, HistoryStore.topologyKey(ref)));
    return raw ? (JSON.parse(raw) as RunRecord) : null;
  }

  async ping(): Promise<void> {
    await this.run(() => this.redis.ping());
  }

  async close(): Promise<void> {
    if (this.ownsConnection) await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private async run<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (err) {
      throw unavailable(err);
    }
  }
}

function unavailable(cause: unknown): AppError {
  return new AppError('QUEUE_UNAVAILABLE', 'The recorded history in Redis is not reachable', { cause });
}

/** `<ts>:<value>` members, ascending by score as Redis returns them. */
function decodePoints(members: string[]): SeriesPoints {
  const points: SeriesPoints = [];
  for (const member of members) {
    const colon = member.indexOf(':');
    const ts = Number(member.slice(0, colon));
    const value = Number(member.slice(colon + 1));
    if (Number.isFinite(ts) && Number.isFinite(value)) points.push([ts, value]);
  }
  return points;
}
