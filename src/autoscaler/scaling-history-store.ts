import type { Redis } from 'ioredis';
import { AppError } from '../errors.js';
import { storeConnection } from '../jobs/redis-connection.js';
import { type TopologyRef, topologyRefKey } from '../topology/topology-ref.js';
import type { RecommendationSample } from './decide-scaling.js';
import { type AuditEntry, type Evaluation, evaluationSchema } from './evaluation.js';

export interface ScalingHistoryStoreOptions {
  /** A Redis URL (the store opens and closes its own connection) or a connection the caller owns. */
  redis: string | Redis;
  /** Key prefix (`redis.prefix`); the loop's state lives under `<prefix>:scaling:`. */
  prefix: string;
  /** Evaluations and audit entries kept per topology, count. */
  historyLimit: number;
}

/** What the loop remembers of a topology between evaluations. */
export interface ScalingState {
  /** Start of the last change (applied or failed), ms since the epoch. */
  lastChangeAtMs: number | null;
  /** The evaluation that made it. */
  lastChangeEvaluationId: string | null;
}

/** Releases the in-flight marker only if it still holds our token (it may have expired and been retaken). */
const RELEASE_IF_OWNER = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * The autoscaling loop's state in Redis, so evaluations, windows and cooldowns survive restarts:
 *
 * - `<prefix>:scaling:eval:<topology key>` — list of {@link Evaluation} JSON, newest first, trimmed to
 *   `historyLimit`.
 * - `<prefix>:scaling:audit:<topology key>` — list of {@link AuditEntry} JSON (executor runs), newest first,
 *   trimmed to `historyLimit`.
 * - `<prefix>:scaling:recs:<topology key>` — sorted set of recommendation samples (score = ms since the
 *   epoch), trimmed to the stabilization window and expiring with it.
 * - `<prefix>:scaling:state:<topology key>` — {@link ScalingState} JSON.
 * - `<prefix>:scaling:inflight:<topology key>` — the token of the change running, with a TTL so a crashed
 *   worker cannot block the topology for longer than that.
 *
 * Key parts are URI-encoded, so names with `:` cannot collide. Every Redis failure is a QUEUE_UNAVAILABLE.
 */
export class ScalingHistoryStore {
  readonly prefix: string;
  readonly historyLimit: number;
  private readonly redis: Redis;
  private readonly ownsConnection: boolean;

  constructor(options: ScalingHistoryStoreOptions) {
    this.prefix = options.prefix;
    this.historyLimit = options.historyLimit;
    const connection = storeConnection(options.redis);
    this.redis = connection.redis;
    this.ownsConnection = connection.owned;
  }

  /** `dsps:cluster:environ:role:topology`, each part URI-encoded (role empty when absent). */
  static topologyKey(ref: TopologyRef): string {
    return topologyRefKey(ref);
  }

  private key(kind: 'eval' | 'audit' | 'recs' | 'state' | 'inflight', ref: TopologyRef): string {
    return `${this.prefix}:scaling:${kind}:${ScalingHistoryStore.topologyKey(ref)}`;
  }

  /** Records an evaluation as the newest. */
  async appendEvaluation(ref: TopologyRef, evaluation: Evaluation): Promise<void> {
    const key = this.key('eval', ref);
    await this.run(() =>
      this.redis
        .multi()
        .lpush(key, JSON.stringify(evaluation))
        .ltrim(key, 0, this.historyLimit - 1)
        .exec(),
    );
  }

  /** The newest `limit` evaluations, newest first. */
  /** Newest first; a stored record that is not a valid evaluation (written by hand, an older format) is skipped. */
  async evaluations(ref: TopologyRef, limit: number): Promise<Evaluation[]> {
    const records = await this.readList<unknown>(this.key('eval', ref), limit);
    return records.flatMap((record) => {
      const parsed = evaluationSchema.safeParse(record);
      return parsed.success ? [parsed.data] : [];
    });
  }

  async appendAudit(ref: TopologyRef, entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const key = this.key('audit', ref);
    await this.run(() =>
      this.redis
        .multi()
        .lpush(key, ...entries.map((e) => JSON.stringify(e)))
        .ltrim(key, 0, this.historyLimit - 1)
        .exec(),
    );
  }

  /** The newest `limit` audit entries, newest first. */
  async audit(ref: TopologyRef, limit: number): Promise<AuditEntry[]> {
    return this.readList<AuditEntry>(this.key('audit', ref), limit);
  }

  /**
   * Adds a recommendation sample and drops those taken before `keepSinceMs` (the window and one sample
   * before it are what the decision reads); the set expires `keepMs` after the last write.
   */
  async addRecommendation(
    ref: TopologyRef,
    sample: RecommendationSample,
    keepSinceMs: number,
  ): Promise<void> {
    const key = this.key('recs', ref);
    const keepMs = Math.max(1000, sample.atMs - keepSinceMs);
    await this.run(() =>
      this.redis
        .multi()
        .zadd(key, sample.atMs, JSON.stringify(sample))
        .zremrangebyscore(key, '-inf', `(${keepSinceMs}`)
        .pexpire(key, keepMs)
        .exec(),
    );
  }

  /** Recommendation samples taken at or after `sinceMs`, oldest first. */
  async recommendations(ref: TopologyRef, sinceMs: number): Promise<RecommendationSample[]> {
    const members = await this.run(() => this.redis.zrangebyscore(this.key('recs', ref), sinceMs, '+inf'));
    return parseAll<RecommendationSample>(members);
  }

  async state(ref: TopologyRef): Promise<ScalingState> {
    const raw = await this.run(() => this.redis.get(this.key('state', ref)));
    const parsed = raw ? parseOne<Partial<ScalingState>>(raw) : undefined;
    return {
      lastChangeAtMs: parsed?.lastChangeAtMs ?? null,
      lastChangeEvaluationId: parsed?.lastChangeEvaluationId ?? null,
    };
  }

  async setState(ref: TopologyRef, state: ScalingState): Promise<void> {
    await this.run(() => this.redis.set(this.key('state', ref), JSON.stringify(state)));
  }

  /** Takes the topology's in-flight marker for `ttlMs`; false when another change holds it. */
  async acquireInFlight(ref: TopologyRef, token: string, ttlMs: number): Promise<boolean> {
    const answer = await this.run(() =>
      this.redis.set(this.key('inflight', ref), token, 'PX', Math.max(1, Math.ceil(ttlMs)), 'NX'),
    );
    return answer === 'OK';
  }

  /** Releases the marker if `token` still holds it. */
  async releaseInFlight(ref: TopologyRef, token: string): Promise<void> {
    await this.run(() => this.redis.eval(RELEASE_IF_OWNER, 1, this.key('inflight', ref), token));
  }

  /** Whether a change of the topology is running (its marker is set and has not expired). */
  async inFlight(ref: TopologyRef): Promise<boolean> {
    return (await this.run(() => this.redis.exists(this.key('inflight', ref)))) === 1;
  }

  async close(): Promise<void> {
    if (this.ownsConnection) await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private async readList<T>(key: string, limit: number): Promise<T[]> {
    if (limit <= 0) return [];
    const raw = await this.run(() => this.redis.lrange(key, 0, limit - 1));
    return parseAll<T>(raw);
  }

  private async run<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (err) {
      throw new AppError('QUEUE_UNAVAILABLE', 'The autoscaler state in Redis is not reachable', {
        cause: err,
      });
    }
  }
}

function parseOne<T>(raw: string): T | undefined {
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
}

/** Parses stored JSON, skipping anything unreadable (a stored record never breaks a history read). */
function parseAll<T>(raws: readonly string[]): T[] {
  return raws.map((r) => parseOne<T>(r)).filter((v): v is T => v !== undefined);
}
