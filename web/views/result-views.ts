import type { ResultDocument } from '../../src/ui/shared/api-client.js';
import type { ConsoleStructure, SpoutHistory } from '../../src/ui/shared/console-types.js';
import { num, percent } from '../../src/ui/shared/format.js';
import {
  applyCommandOf,
  type ScalingResults,
  scalingResultsOf,
  shellCommand,
} from '../../src/ui/shared/scaling-summary.js';
import {
  summariseTopology,
  type TopologyModelResults,
  topologyResultsOf,
} from '../../src/ui/shared/topology-summary.js';
import { h, table } from '../dom.js';
import { type ForecastSeries, forecastChart } from './forecast-chart.js';
import { graphResultView } from './graph-result-view.js';
import { physicalGraph } from './physical-graph.js';
import { summaryTable } from './summary-table.js';

/** A topology model result: its summary and the physical graph. */
export function topologyResultView(doc: ResultDocument, structure: ConsoleStructure | null): HTMLElement {
  const results = topologyResultsOf(doc);
  return h(
    'div',
    { class: 'topology-result' },
    h(
      'div',
      { class: 'side' },
      summaryTable([{ title: planTitle(doc), summary: summariseTopology(results) }]),
    ),
    physicalGraph(results, structure),
  );
}

const planTitle = (doc: ResultDocument) => {
  const kind = (doc.request as { plan_kind?: string }).plan_kind ?? 'current';
  const traffic = (doc.traffic as { source?: string } | undefined)?.source ?? '';
  return `${kind} plan${traffic ? `, ${traffic} traffic` : ''}`;
};

interface ForecastResults {
  components: Record<string, Record<string, { method?: string; series?: ForecastSeries }>>;
}

/** Traffic: per spout component and stream, the measured history and the forecast with its bands. */
export function trafficResultView(doc: ResultDocument, history: SpoutHistory | null): HTMLElement {
  const forecast = doc.model_results.find((m) => m.model_name === 'forecast')?.results as
    | ForecastResults
    | undefined;
  const names = new Set([
    ...Object.keys(forecast?.components ?? {}),
    ...Object.keys(history?.components ?? {}),
  ]);
  const charts: HTMLElement[] = [];
  for (const component of names) {
    const streams = new Set([
      ...Object.keys(forecast?.components[component] ?? {}),
      ...Object.keys(history?.components[component] ?? {}),
    ]);
    for (const stream of streams) {
      const f = forecast?.components[component]?.[stream];
      const title = `${component} / ${stream} — tuples/s${f?.method ? ` · ${f.method}` : ''}`;
      charts.push(forecastChart(title, history?.components[component]?.[stream] ?? [], f?.series ?? null));
    }
  }
  return h('div', { class: 'charts' }, ...charts);
}

interface BacktestScores {
  mase: number | null;
  smapePercent: number | null;
  coverage80: number | null;
  coverage95: number | null;
  origins: number;
}

/** The rolling-origin backtest scores of every traffic model (topology level). */
export function backtestView(doc: ResultDocument): HTMLElement {
  const results = doc.model_results[0]?.results as
    | { horizon_minutes: number; topology: { methods: Record<string, BacktestScores> } }
    | undefined;
  const methods = Object.entries(results?.topology.methods ?? {});
  return h(
    'section',
    { class: 'backtest', 'data-testid': 'backtest' },
    h('h3', {}, `Backtest, ${results?.horizon_minutes ?? '?'} min ahead`),
    table(
      ['model', 'MASE', 'sMAPE', '80 % coverage', '95 % coverage', 'origins'],
      methods.map(([name, s]) => [
        name,
        num(s.mase),
        s.smapePercent === null ? '—' : `${num(s.smapePercent)} %`,
        percent(s.coverage80),
        percent(s.coverage95),
        s.origins,
      ]),
    ),
  );
}

/** Scaling advice: per component, both plans' predicted performance and the command that applies it. */
export function scalingResultView(
  doc: ResultDocument,
  coords: { role?: string },
  structure: ConsoleStructure | null,
): HTMLElement {
  const r: ScalingResults = scalingResultsOf(doc);
  const command = applyCommandOf(
    { ...(doc as { cluster?: string; environ?: string }), ...coords, topology_id: doc.topology_id },
    r,
  );
  const current = r.prediction.current as TopologyModelResults;
  const recommended = r.prediction.recommended as TopologyModelResults;
  return h(
    'div',
    { class: 'scaling-result' },
    table(
      [
        'component',
        'current',
        'recommended',
        'required (tuples/s)',
        'ρ now',
        'ρ planned',
        'bound by',
        'reasons',
      ],
      r.components.map((c) => [
        c.component,
        c.current_parallelism,
        h('strong', {}, c.recommended_parallelism),
        num(c.required_rate_per_sec),
        num(c.current_utilisation),
        num(c.predicted_utilisation),
        c.bound_by,
        c.reasons.join('; '),
      ]),
      { 'data-testid': 'advice' },
    ),
    h('h3', {}, 'Predicted performance'),
    summaryTable([
      { title: `current plan (${r.instances.current} instances)`, summary: summariseTopology(current) },
      {
        title: `recommended (${r.instances.recommended} instances)`,
        summary: summariseTopology(recommended),
      },
    ]),
    h('h3', {}, 'Apply'),
    command.length > 0
      ? h('pre', { class: 'command', 'data-testid': 'apply-command' }, shellCommand(command))
      : h(
          'p',
          { 'data-testid': 'apply-command' },
          'Nothing to change: every component is within tolerance of the target.',
        ),
    h(
      'details',
      {},
      h('summary', {}, 'The plan (POST it to /model/topology/…/proposed/…)'),
      h(
        'pre',
        { class: 'plan' },
        JSON.stringify(r.plan.dsps === 'heron' ? r.plan.packing_plan : r.plan.assignment, null, 2),
      ),
    ),
    h('h3', {}, 'Recommended plan'),
    physicalGraph(recommended, structure),
  );
}

/** Any complete result document, by aspect. */
export function resultView(
  doc: ResultDocument,
  context: { structure: ConsoleStructure | null; history: SpoutHistory | null; role?: string },
): HTMLElement {
  const kind = (doc.request as { kind?: string }).kind;
  if (doc.aspect === 'topology') return topologyResultView(doc, context.structure);
  if (doc.aspect === 'scaling') return scalingResultView(doc, { role: context.role }, context.structure);
  if (doc.aspect === 'graph') return graphResultView(doc);
  if (kind === 'backtest') return backtestView(doc);
  return trafficResultView(doc, context.history);
}
