import { compareText, instancesByComponent, type PlanGraph } from './plan-graph.js';
import type { RoutedStream } from './routing-probabilities.js';

export interface ContainerPairTraffic {
  from: string;
  to: string;
  /** Tuples/s from `from`'s instances to `to`'s (relative units when no rates were given). */
  tuples: number;
}

export interface StreamCrossing {
  source: string;
  stream: string;
  target: string;
  /** Share of the stream's tuples that leave the sender's container, in [0, 1]. */
  crossContainerFraction: number;
}

export interface CrossContainerTraffic {
  /** Every container pair that exchanges tuples, the container to itself included, sorted. */
  pairs: ContainerPairTraffic[];
  streams: StreamCrossing[];
  /** Share of all tuples sent between instances that cross containers, in [0, 1]. */
  crossContainerFraction: number;
}

/**
 * Emit rate of each instance by stream, tuples/s; instances absent emit 1 (every sender alike).
 */
export type EmitRates = Readonly<Record<string, Readonly<Record<string, number>>>>;

/**
 * How much traffic crosses containers — tuples that go over the network between stream managers instead of
 * staying in one container. For a stream from component A to consumer B, with W(c) the emit rate of A's
 * instances in container c and P(d) the summed routing probabilities of B's instances in container d, the
 * traffic from c to d is W(c)·P(d): O(instances + container pairs), never instance pairs.
 */
export function crossContainerTraffic(
  graph: Pick<PlanGraph, 'instances'>,
  routed: readonly RoutedStream[],
  emitRates: EmitRates = {},
): CrossContainerTraffic {
  const byComponent = instancesByComponent(graph);
  const pairs = new Map<string, ContainerPairTraffic>();
  const streams: StreamCrossing[] = [];
  let crossing = 0;
  let total = 0;
  for (const r of routed) {
    const sent = new Map<string, number>();
    for (const sender of byComponent.get(r.source) ?? []) {
      const rate = emitRates[sender.instanceId]?.[r.stream];
      const w = typeof rate === 'number' && Number.isFinite(rate) && rate >= 0 ? rate : 1;
      sent.set(sender.container, (sent.get(sender.container) ?? 0) + w);
    }
    const received = new Map<string, number>();
    r.targets.forEach((t, j) => {
      received.set(t.container, (received.get(t.container) ?? 0) + (r.probabilities[j] ?? 0));
    });
    let streamCrossing = 0;
    let streamTotal = 0;
    for (const [from, w] of sent)
      for (const [to, p] of received) {
        const tuples = w * p;
        if (!(tuples > 0)) continue;
        const key = `${from}\u0000${to}`;
        const pair = pairs.get(key) ?? { from, to, tuples: 0 };
        pair.tuples += tuples;
        pairs.set(key, pair);
        streamTotal += tuples;
        if (from !== to) streamCrossing += tuples;
      }
    streams.push({
      source: r.source,
      stream: r.stream,
      target: r.target,
      crossContainerFraction: streamTotal > 0 ? streamCrossing / streamTotal : 0,
    });
    crossing += streamCrossing;
    total += streamTotal;
  }
  return {
    pairs: [...pairs.values()].sort((a, b) => compareText(a.from, b.from) || compareText(a.to, b.to)),
    streams,
    crossContainerFraction: total > 0 ? crossing / total : 0,
  };
}
