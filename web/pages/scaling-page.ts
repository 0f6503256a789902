import type { ConsoleStructure } from '../../src/ui/shared/console-types.js';
import { getJson, query, runWithProgress } from '../api.js';
import { h, table } from '../dom.js';
import { coordinatesOf, type Route, runHref } from '../route.js';
import { errorBox } from '../views/error-box.js';
import { scalingResultView } from '../views/result-views.js';
import { topologyTabs } from './topology-tabs.js';

interface History {
  enabled: boolean;
  evaluations: Array<{
    at: string;
    trigger: string;
    action: string;
    executor: string;
    changes: Array<{ component: string; from: number; to: number }>;
    reasons: string[];
    execution?: { status: string };
  }>;
}

/** Scaling advice at the forecast peak, both plans' predicted performance, the command, the autoscaler's history. */
export async function scalingPage(root: HTMLElement, route: Route): Promise<void> {
  const [, dsps = '', topology = ''] = route.parts;
  const coords = coordinatesOf(route.params);
  const durationH = route.params.get('duration') ?? '2';
  const target = route.params.get('target_utilisation') ?? '';
  root.append(topologyTabs(route, 'scaling'));
  const duration = h('input', { type: 'number', name: 'duration', min: 0.1, step: 'any', value: durationH });
  const targetInput = h('input', {
    type: 'number',
    name: 'target_utilisation',
    min: 0.05,
    max: 1,
    step: 0.05,
    value: target,
    placeholder: 'config',
  });
  const form = h(
    'form',
    { class: 'inline' },
    h('label', {}, 'forecast horizon (h) ', duration),
    h('label', {}, 'target ρ ', targetInput),
    h('button', { type: 'submit' }, 'Advise'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const params = new URLSearchParams(route.params);
    params.set('duration', duration.value);
    if (targetInput.value) params.set('target_utilisation', targetInput.value);
    else params.delete('target_utilisation');
    location.hash = `#/scaling/${dsps}/${encodeURIComponent(topology)}?${params}`;
  });
  const progress = h('div', { class: 'progress-host' });
  const body = h('div', {});
  const history = h('section', { class: 'autoscaler-history' }, h('h3', {}, 'Autoscaler history'));
  root.append(form, progress, body, history);
  const topo = encodeURIComponent(topology);
  try {
    const [structure, advice] = await Promise.all([
      getJson<ConsoleStructure>(`/ui/data/structure/${dsps}/${topo}${query(coords)}`),
      runWithProgress(
        {
          label: 'scaling advice',
          dsps,
          topology,
          path: `/model/scaling/${dsps}/${topo}${query({ ...coords, traffic: 'forecast', duration: durationH, units: 'h', target_utilisation: target })}`,
        },
        progress,
      ),
    ]);
    body.append(
      h(
        'p',
        { class: 'run-link' },
        'Model run ',
        h('a', { href: runHref(dsps, topology, advice.model_id) }, advice.model_id),
      ),
      scalingResultView(advice, { role: coords.role }, structure),
    );
  } catch (err) {
    body.append(errorBox(err));
  }
  try {
    const h0 = await getJson<History>(`/scaling/${dsps}/${topo}/history${query(coords)}`);
    history.append(
      h0.evaluations.length === 0
        ? h(
            'p',
            {},
            h0.enabled
              ? 'No evaluations yet.'
              : 'The autoscaler is off (autoscaler.enabled: false); no evaluations recorded.',
          )
        : table(
            ['at', 'trigger', 'action', 'changes', 'executor', 'reasons'],
            h0.evaluations.map((e) => [
              new Date(e.at).toLocaleString(),
              e.trigger,
              e.action,
              e.changes.map((c) => `${c.component} ${c.from} → ${c.to}`).join(', ') || '—',
              `${e.executor}${e.execution ? ` (${e.execution.status})` : ''}`,
              e.reasons.join('; '),
            ]),
          ),
    );
  } catch (err) {
    history.append(errorBox(err));
  }
}
