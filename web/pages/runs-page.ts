import { h, table } from '../dom.js';
import { runHref } from '../route.js';
import { listRuns } from '../runs-store.js';

/** The model runs asked from this browser, newest first, each a link to its result. */
export function runsPage(root: HTMLElement): void {
  const runs = listRuns();
  root.append(
    h('h1', {}, 'Model runs'),
    h(
      'p',
      { class: 'hint' },
      'Runs started from this browser. A result stays on the server for queue.resultTtlSec (7 days by default).',
    ),
    runs.length === 0
      ? h('p', {}, 'No model runs yet: open a topology to run one.')
      : table(
          ['model_id', 'topology', 'request', 'status', 'time'],
          runs.map((r) => [
            h('a', { href: runHref(r.dsps, r.topology, r.modelId) }, r.modelId),
            `${r.dsps}/${r.topology}`,
            h('code', {}, r.request),
            h('span', { class: `status ${r.status}` }, r.status),
            new Date(r.atIso).toLocaleString(),
          ]),
          { 'data-testid': 'runs' },
        ),
  );
}
