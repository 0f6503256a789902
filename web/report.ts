import 'uplot/dist/uPlot.min.css';
import './style.css';
import type { ResultDocument } from '../src/ui/shared/api-client.js';
import type { ConsoleStructure } from '../src/ui/shared/console-types.js';
import { h } from './dom.js';
import { errorBox } from './views/error-box.js';
import { resultView } from './views/result-views.js';

/** The self-contained report: draws the result embedded in the page, with no request to any server. */
function renderReport(): void {
  const root = document.getElementById('app');
  const embedded = document.getElementById('augur-result')?.textContent;
  if (!root || !embedded) return;
  try {
    const { result, structure } = JSON.parse(embedded) as {
      result: ResultDocument;
      structure: ConsoleStructure | null;
    };
    root.append(
      h('h1', {}, `${result.topology_id} `, h('small', {}, `${result.dsps} · ${result.aspect}`)),
      h(
        'p',
        { class: 'run-meta' },
        `model_id ${result.model_id} · created ${result.created_at} · completed ${result.completed_at ?? '—'}`,
      ),
      h('p', {}, h('code', {}, JSON.stringify(result.request))),
      resultView(result, { structure, history: null }),
    );
  } catch (err) {
    root.append(errorBox(err));
  }
  document.body.dataset.ready = 'true';
}

renderReport();
