import type { SpoutHistory } from '../../src/ui/shared/console-types.js';
import { getJson, query, runWithProgress } from '../api.js';
import { h } from '../dom.js';
import { coordinatesOf, type Route, runHref } from '../route.js';
import { errorBox } from '../views/error-box.js';
import { backtestView, trafficResultView } from '../views/result-views.js';
import { topologyTabs } from './topology-tabs.js';

const HORIZONS_MIN = [30, 60, 120, 360, 1440];
const label = (min: number) => (min < 60 ? `${min} min` : `${min / 60} h`);

/** History and forecast (80 % / 95 % bands) per spout stream, for a chosen horizon, with backtest scores. */
export async function trafficPage(root: HTMLElement, route: Route): Promise<void> {
  const [, dsps = '', topology = ''] = route.parts;
  const coords = coordinatesOf(route.params);
  const horizonMin = Number(route.params.get('horizon') ?? 120);
  const sourceHours = Number(route.params.get('source_hours') ?? 3);
  root.append(topologyTabs(route, 'traffic'));

  const picker = h(
    'select',
    { name: 'horizon', 'data-testid': 'horizon' },
    ...HORIZONS_MIN.map((m) => h('option', { value: m, selected: m === horizonMin }, label(m))),
  );
  const hours = h('input', { type: 'number', name: 'source_hours', min: 1, step: 'any', value: sourceHours });
  const form = h(
    'form',
    { class: 'inline' },
    h('label', {}, 'horizon ', picker),
    h('label', {}, 'history (h) ', hours),
    h('button', { type: 'submit' }, 'Forecast'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const params = new URLSearchParams(route.params);
    params.set('horizon', picker.value);
    params.set('source_hours', hours.value);
    location.hash = `#/traffic/${dsps}/${encodeURIComponent(topology)}?${params}`;
  });
  const progress = h('div', { class: 'progress-host' });
  const body = h('div', { class: 'traffic-body' });
  root.append(form, progress, body);

  const topo = encodeURIComponent(topology);
  // A backtest needs history before its first origin: its horizon stays under half the window.
  const backtestMin = Math.max(1, Math.min(horizonMin, Math.floor((sourceHours * 60) / 2) - 1));
  const call = (labelText: string, path: string) =>
    runWithProgress({ label: labelText, dsps, topology, path }, progress);
  try {
    const [history, forecast, backtest] = await Promise.all([
      getJson<SpoutHistory>(
        `/ui/data/history/${dsps}/${topo}${query({ ...coords, source_hours: sourceHours })}`,
      ),
      call(
        'forecast',
        `/model/traffic/${dsps}/${topo}${query({ ...coords, duration: horizonMin, units: 'm', source_hours: sourceHours })}`,
      ),
      call(
        'backtest',
        `/model/traffic/${dsps}/${topo}/backtest${query({ ...coords, horizon: backtestMin, units: 'm', source_hours: sourceHours })}`,
      ).catch((err: unknown) => err),
    ]);
    body.append(
      h(
        'div',
        { class: 'two-columns' },
        h(
          'div',
          {},
          h(
            'p',
            { class: 'run-link' },
            'Model run ',
            h('a', { href: runHref(dsps, topology, forecast.model_id) }, forecast.model_id),
          ),
          trafficResultView(forecast, history),
        ),
        backtest instanceof Error ? errorBox(backtest) : backtestView(backtest as typeof forecast),
      ),
    );
  } catch (err) {
    body.append(errorBox(err));
  }
}
