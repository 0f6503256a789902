import type { FastifyBaseLogger } from 'fastify';
import { AppError, isAppError } from '../errors.js';
import type { MetricsSource } from '../metrics/metrics-source.js';
import { type TopologyListing, type TopologyRef, topologyRefKey } from '../topology/topology-ref.js';
import type { AppDependencies } from './app-dependencies.js';

/** How long a metrics source's topology list (and a topology found missing) is trusted, ms. */
export const DEFAULT_TOPOLOGY_CACHE_MS = 10_000;

interface Cached<T> {
  value: T;
  atMs: number;
}

const listedAs = (ref: TopologyRef, t: TopologyListing) =>
  t.name === ref.topology &&
  t.cluster === ref.cluster &&
  t.environ === ref.environ &&
  (ref.role === undefined || t.role === undefined || t.role === ref.role);

/**
 * Answers "does the metrics source know this topology?" at request time, so an unknown topology is a 404
 * instead of a 202 whose job fails later (the job still checks). Fast path: the source's topology list,
 * read at most once per `ttlMs`. A name not in the list is confirmed by the source itself (`getStructure`:
 * Storm topologies are also named by id, and a topology may have been submitted since), and a confirmed
 * miss is remembered for `ttlMs` so a burst of bad names costs one look-up.
 */
export class KnownTopologies {
  private readonly lists = new Map<MetricsSource, Cached<Promise<TopologyListing[]>>>();
  private readonly missing = new Map<string, Cached<AppError>>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  /** @throws AppError `TOPOLOGY_NOT_FOUND` (404) when the source does not know `ref` */
  async assertKnown(source: MetricsSource, ref: TopologyRef, log?: FastifyBaseLogger): Promise<void> {
    const nowMs = this.now();
    const key = topologyRefKey(ref);
    const miss = this.missing.get(key);
    if (miss && nowMs - miss.atMs < this.ttlMs) throw miss.value;
    try {
      if ((await this.listOf(source, nowMs)).some((t) => listedAs(ref, t))) return;
      await source.getStructure(ref);
    } catch (err) {
      if (isAppError(err) && err.code === 'TOPOLOGY_NOT_FOUND') {
        const notFound = new AppError(
          'TOPOLOGY_NOT_FOUND',
          `params.topology: the ${ref.dsps} metrics source (${source.kind}) does not know topology "${ref.topology}" in cluster ${ref.cluster}, environ ${ref.environ} (GET /topologies/${ref.dsps} lists them)`,
          { details: { field: 'params.topology', cluster: ref.cluster, environ: ref.environ } },
        );
        this.missing.set(key, { value: notFound, atMs: nowMs });
        log?.info({ dsps: ref.dsps, topology: ref.topology, cluster: ref.cluster }, 'unknown topology');
        throw notFound;
      }
      // The source is down or odd: accept, and let the job retry and report.
      log?.warn({ err: isAppError(err) ? err.message : String(err) }, 'topology check skipped');
    }
  }

  private listOf(source: MetricsSource, nowMs: number): Promise<TopologyListing[]> {
    const cached = this.lists.get(source);
    if (cached && nowMs - cached.atMs < this.ttlMs) return cached.value;
    const value = source.listTopologies();
    // A failed read is kept too: during an outage requests are accepted without asking the source again.
    this.lists.set(source, { value, atMs: nowMs });
    return value;
  }
}

const perApp = new WeakMap<AppDependencies, KnownTopologies>();

/** The app's topology check, made on first use with the app's clock and cache lifetime. */
export function knownTopologiesOf(deps: AppDependencies): KnownTopologies {
  let known = perApp.get(deps);
  if (!known) {
    known = new KnownTopologies(deps.topologyCacheMs ?? DEFAULT_TOPOLOGY_CACHE_MS, deps.now ?? Date.now);
    perApp.set(deps, known);
  }
  return known;
}
