import type { AccuracySummary } from './accuracy-summary.js';
import type { CaseOutcome, ScalingOutcome } from './compare.js';

const pct = (x: number | null) => (x === null ? 'none' : `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)} %`);

/** The accuracy report as markdown: the headline table, then latency by shape, scaling and fields plans. */
export function accuracyMarkdown(report: {
  date: string;
  node: string;
  runSec: number;
  simulation: { windowMinutes: number; warmupMinutes: number };
  summary: AccuracySummary;
  cases: CaseOutcome[];
  scaling: ScalingOutcome[];
}): string {
  const s = report.summary;
  const lines = [
    '# Accuracy on simulated topologies (`npm run bench:accuracy`)',
    '',
    `${report.date}, Node ${report.node}, ${report.runSec} s. Each case: ${report.simulation.warmupMinutes} min warm-up + ` +
      `${report.simulation.windowMinutes} min measured window of bench/accuracy/des; augur reads the window through a snapshot directory.`,
    '',
    '| measure | result |',
    '|---|---|',
    `| end-to-end latency within ${100 * s.latency.tolerance} % at ρ ≤ ${s.latency.maxRho} | ${s.latency.within}/${s.latency.cases} cases (${s.latency.noLatency} without a latency) |`,
    `| per-instance utilisation, largest error | ${(100 * s.utilisation.maxRelErrorAtRhoBelow1).toFixed(1)} % relative at ρ < 1; ${(100 * s.utilisation.maxRelError).toFixed(1)} % relative, ${s.utilisation.maxAbsError.toFixed(3)} absolute over all ${s.utilisation.instances} instances |`,
    `| backpressure verdicts right | ${s.backpressure.instanceVerdictsRight}/${s.backpressure.instanceVerdicts} instances, ${s.backpressure.topologyVerdictsRight}/${s.backpressure.topologyVerdicts} topologies |`,
    `| throttled throughput, largest error | ${(100 * s.backpressure.maxThrottledThroughputError).toFixed(1)} % over ${s.backpressure.throttledCases} throttled cases |`,
    `| one-step scaling success (advised plan simulated backpressure-free) | ${s.scaling.oneStepSuccess}/${s.scaling.cases}: over-provisioned starts ${s.scaling.overProvisioned.oneStepSuccess}/${s.scaling.overProvisioned.cases}, busy (ρ 0.85) ${s.scaling.busy.oneStepSuccess}/${s.scaling.busy.cases}, overloaded ${s.scaling.overloaded.oneStepSuccess}/${s.scaling.overloaded.cases}; ${s.scaling.predictedFreeButThrottled} predicted free but throttled |`,
    `| proposed plans: latency within ${100 * s.latency.tolerance} % | ${s.proposed.latencyWithin}/${s.proposed.plans} plans; largest utilisation error ${(100 * s.proposed.maxUtilisationRelError).toFixed(1)} % |`,
    '',
    '## Latency error by shape (ρ ≤ 0.8; predicted `latency.mean` vs the simulated mean over every exit)',
    '',
    '| shape | within 15 % | errors (ρ 0.3 ×2, ρ 0.6 ×2) |',
    '|---|---|---|',
    ...s.latency.byShape.map(
      (r) => `| ${r.shape} | ${r.within}/${r.cases} | ${r.errors.map(pct).join(', ')} |`,
    ),
    '',
    '## Scaling advice',
    '',
    '| case | start | current → recommended | predicted backpressure | simulated throttled |',
    '|---|---|---|---|---|',
    ...report.scaling.map((x) => {
      const changes = Object.keys(x.current)
        .filter((k) => x.current[k] !== x.recommended[k])
        .map((k) => `${k} ${x.current[k]}→${x.recommended[k]} (${x.boundBy[k]})`);
      return `| ${x.name} | ${x.start} | ${changes.join(', ') || 'no change'} | ${x.predictedBackpressure} | ${(100 * x.simulatedThrottledFraction).toFixed(1)} % |`;
    }),
    '',
    '## Fields-grouped components of proposed plans: hottest instance utilisation',
    '',
    '| case | plan | predicted | simulated | error |',
    '|---|---|---|---|---|',
    ...report.cases.flatMap((c) =>
      c.proposed.flatMap((p) =>
        p.hottest.map(
          (h) =>
            `| ${c.name} | ${Object.entries(p.parallelism)
              .map(([k, v]) => `${k}=${v}`)
              .join(
                ', ',
              )} | ${h.predicted?.toFixed(3) ?? 'none'} | ${h.simulated.toFixed(3)} | ${pct(h.predicted === null ? null : (h.predicted - h.simulated) / h.simulated)} |`,
        ),
      ),
    ),
    '',
  ];
  return lines.join('\n');
}
