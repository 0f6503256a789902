import type { ResultDocument } from '../../src/ui/shared/api-client.js';
import type { ConsoleStructure } from '../../src/ui/shared/console-types.js';
import { num } from '../../src/ui/shared/format.js';
import { scalingResultsOf } from '../../src/ui/shared/scaling-summary.js';
import { summariseTopology, topologyResultsOf } from '../../src/ui/shared/topology-summary.js';
import { getJson, query, runWithProgress } from '../api.js';
import { h, table } from '../dom.js';
import { coordinatesOf, type Route, runHref } from '../route.js';
import { errorBox } from '../views/error-box.js';
import { physicalGraph } from '../views/physical-graph.js';
import { topologyResultView } from '../views/result-views.js';
import { summaryTable } from '../views/summary-table.js';
import { topologyTabs } from './topology-tabs.js';

const COORDINATE_KEYS = new Set(['cluster', 'environ', 'role']);

/** The physical graph and summary of today's plan (at the URL's spout rates, else measured), and the what-if panel. */
export async function topologyPage(root: HTMLElement, route: Route): Promise<void> {
  const [, dsps = '', topology = ''] = route.parts;
  const coords = coordinatesOf(route.params);
  const rates = Object.fromEntries([...route.params].filter(([k]) => !COORDINATE_KEYS.has(k)));
  root.append(topologyTabs(route, 't'));
  const progress = h('div', { class: 'progress-host' });
  const body = h('div', {});
  root.append(progress, body);
  const topo = encodeURIComponent(topology);
  let structure: ConsoleStructure | null = null;
  let today: ResultDocument;
  try {
    structure = await getJson<ConsoleStructure>(`/ui/data/structure/${dsps}/${topo}${query(coords)}`);
    today = await runWithProgress(
      {
        label: 'today’s plan',
        dsps,
        topology,
        path: `/model/topology/${dsps}/current/${topo}${query({ ...coords, ...rates })}`,
      },
      progress,
    );
  } catch (err) {
    body.append(errorBox(err));
    return;
  }
  body.append(
    h(
      'p',
      { class: 'run-link' },
      'Model run ',
      h('a', { href: runHref(dsps, topology, today.model_id) }, today.model_id),
    ),
    topologyResultView(today, structure),
    whatIfPanel({ dsps, topology, coords, structure, today, rates }),
  );
}

interface WhatIfContext {
  dsps: string;
  topology: string;
  coords: Record<string, string | undefined>;
  structure: ConsoleStructure;
  today: ResultDocument;
  /** The URL's spout rates today was modelled at: the what-if starts from them, so both sides see one traffic. */
  rates: Record<string, string>;
}

/** Spout rates and bolt parallelism to try → today vs proposed, both predicted by the public API. */
function whatIfPanel(ctx: WhatIfContext): HTMLElement {
  const todayResults = topologyResultsOf(ctx.today);
  const measured = (component: string) => {
    const rates = Object.values(todayResults.instances)
      .filter((i) => i.component === component)
      .map((i) => i.arrival_rate ?? 0);
    return rates.length ? rates.reduce((a, b) => a + b, 0) / rates.length : 0;
  };
  const inputs = new Map<string, HTMLInputElement>();
  const rows = ctx.structure.components.map((c) => {
    const input =
      c.kind === 'spout'
        ? h('input', {
            type: 'number',
            min: 0,
            step: 'any',
            name: `rate-${c.name}`,
            placeholder: `today ${num(measured(c.name))}`,
            value: ctx.rates[c.name] ?? '',
          })
        : h('input', { type: 'number', min: 1, step: 1, name: `parallelism-${c.name}`, value: c.instances });
    inputs.set(c.name, input);
    return [
      c.name,
      c.kind,
      c.kind === 'spout' ? 'tuples/s per instance' : `parallelism (today ${c.instances})`,
      input,
    ];
  });
  const output = h('div', { class: 'what-if-output', 'data-testid': 'what-if-output' });
  const progress = h('div', { class: 'progress-host' });
  const button = h('button', { type: 'submit' }, 'Run what-if');
  const form = h(
    'form',
    { class: 'what-if', 'data-testid': 'what-if' },
    h('h2', {}, 'What if…'),
    table(['component', 'kind', 'change', 'value'], rows),
    button,
    progress,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const rates: Record<string, string> = {};
    const parallelism: Record<string, number> = {};
    for (const c of ctx.structure.components) {
      const value = inputs.get(c.name)?.value.trim() ?? '';
      if (value === '') continue;
      if (c.kind === 'spout') rates[c.name] = value;
      else if (Number(value) !== c.instances) parallelism[c.name] = Number(value);
    }
    button.disabled = true;
    output.replaceChildren();
    runWhatIf(ctx, rates, parallelism, progress)
      .then((proposed) => output.append(comparison(ctx, proposed)))
      .catch((err) => output.append(errorBox(err)))
      .finally(() => {
        button.disabled = false;
      });
  });
  return h('section', {}, form, output);
}

/**
 * The proposed plan's prediction. A parallelism change asks the scaling endpoint for a plan with every bolt
 * pinned (min = max), then posts that plan to the proposed-plan model: the same calls a person makes by hand.
 */
async function runWhatIf(
  ctx: WhatIfContext,
  rates: Record<string, string>,
  parallelism: Record<string, number>,
  progress: HTMLElement,
): Promise<ResultDocument> {
  const topo = encodeURIComponent(ctx.topology);
  const base = { dsps: ctx.dsps, topology: ctx.topology };
  if (Object.keys(parallelism).length === 0) {
    return runWithProgress(
      {
        ...base,
        label: 'proposed traffic',
        path: `/model/topology/${ctx.dsps}/current/${topo}${query({ ...ctx.coords, ...rates })}`,
      },
      progress,
    );
  }
  const pins = ctx.structure.components
    .filter((c) => c.kind === 'bolt')
    .map((c) => `${c.name}:${parallelism[c.name] ?? c.instances}`)
    .join(',');
  const planned = await runWithProgress(
    {
      ...base,
      label: 'plan for the new parallelism',
      path: `/model/scaling/${ctx.dsps}/${topo}${query({
        ...ctx.coords,
        ...(Object.keys(rates).length > 0 ? rates : { traffic: 'current' }),
        min_parallelism: pins,
        max_parallelism: pins,
      })}`,
    },
    progress,
  );
  const plan = scalingResultsOf(planned).plan;
  const planBody = plan.dsps === 'heron' ? plan.packing_plan : plan.assignment;
  return runWithProgress(
    {
      ...base,
      label: 'proposed plan',
      method: 'POST',
      body: JSON.stringify(planBody),
      path: `/model/topology/${ctx.dsps}/proposed/${topo}${query({ ...ctx.coords, ...rates })}`,
    },
    progress,
  );
}

/** Today vs proposed: the summary side by side, the instances whose state changed, the proposed graph. */
function comparison(ctx: WhatIfContext, proposed: ResultDocument): HTMLElement {
  const a = topologyResultsOf(ctx.today);
  const b = topologyResultsOf(proposed);
  const rows = ctx.structure.components.map((c) => {
    const side = (r: typeof a) => {
      const insts = Object.values(r.instances).filter((i) => i.component === c.name);
      const rho = Math.max(...insts.map((i) => i.utilisation ?? Number.NEGATIVE_INFINITY));
      const hot = insts.filter((i) => i.state !== 'ok').map((i) => i.state);
      return `${insts.length} × · max ρ ${Number.isFinite(rho) ? num(rho) : '—'}${hot.length ? ` · ${hot.length} ${hot.join('/')}`.replace(/(backpressure|warning)(\/\1)+/g, '$1') : ''}`;
    };
    return [c.name, side(a), side(b)];
  });
  return h(
    'div',
    { class: 'comparison' },
    h('h3', {}, 'Today vs proposed'),
    h(
      'p',
      {},
      h('a', { href: runHref(ctx.dsps, ctx.topology, ctx.today.model_id) }, 'today'),
      ' · ',
      h('a', { href: runHref(ctx.dsps, ctx.topology, proposed.model_id) }, 'proposed'),
    ),
    summaryTable([
      { title: 'today', summary: summariseTopology(a) },
      { title: 'proposed', summary: summariseTopology(b) },
    ]),
    h('h3', {}, 'Instances per component'),
    table(['component', 'today', 'proposed'], rows, { 'data-testid': 'changed-instances' }),
    h('h3', {}, 'Proposed plan'),
    physicalGraph(b, ctx.structure),
  );
}
