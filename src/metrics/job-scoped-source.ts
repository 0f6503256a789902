import type { MetricSeries, MetricSeriesQuery } from '../topology/metric-series.js';
import type { PackingPlan } from '../topology/packing-plan.js';
import type { TopologyRef } from '../topology/topology-ref.js';
import type { TopologyStructure } from '../topology/topology-structure.js';
import type { MetricsSource } from './metrics-source.js';

/**
 * The source as one job sees it: every read (structure, running plan, metric series) is made once and
 * answered from memory when the job asks again — a scaling advice reads the structure and the same series
 * for today's plan and for the recommended one, a forecast job reads the structure in several steps. A failed
 * read is not kept (the job's retry reads again). Create one per job: nothing here ever expires.
 */
export function jobScopedSource(source: MetricsSource): MetricsSource {
  const reads = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    const known = reads.get(key);
    if (known) return known as Promise<T>;
    const answer = read();
    reads.set(key, answer);
    answer.catch(() => reads.delete(key));
    return answer;
  };
  const refKey = (ref: TopologyRef) =>
    JSON.stringify([ref.dsps, ref.cluster, ref.environ, ref.role, ref.topology]);
  const scoped: MetricsSource = {
    kind: source.kind,
    listTopologies: () => source.listTopologies(),
    getStructure: (ref: TopologyRef): Promise<TopologyStructure> =>
      once(`structure:${refKey(ref)}`, () => source.getStructure(ref)),
    getMetricSeries: (ref: TopologyRef, query: MetricSeriesQuery): Promise<MetricSeries> =>
      once(`series:${refKey(ref)}:${JSON.stringify(query)}`, () => source.getMetricSeries(ref, query)),
    windowEndSec: (requestedAtSec: number) => source.windowEndSec(requestedAtSec),
    ping: () => source.ping(),
  };
  if (source.getPackingPlan) {
    const getPackingPlan = source.getPackingPlan.bind(source);
    scoped.getPackingPlan = (ref: TopologyRef): Promise<PackingPlan | undefined> =>
      once(`plan:${refKey(ref)}`, () => getPackingPlan(ref));
  }
  return scoped;
}
