import { pollResult, requestText, statusPathOf } from '../../src/ui/shared/api-client.js';
import type { ConsoleStructure } from '../../src/ui/shared/console-types.js';
import { BASE, getJson } from '../api.js';
import { hasApiKey } from '../api-key.js';
import { h } from '../dom.js';
import type { Route } from '../route.js';
import { errorBox } from '../views/error-box.js';
import { progressBar } from '../views/progress-bar.js';
import { resultView } from '../views/result-views.js';

/** One model run by id (a shareable URL): its request, status, times and the result drawn by aspect. */
export async function runPage(root: HTMLElement, route: Route): Promise<void> {
  const [, dsps = '', topology = '', modelId = ''] = route.parts;
  root.append(h('h1', {}, modelId));
  const bar = progressBar(modelId);
  root.append(bar.el);
  try {
    const doc = await pollResult(BASE, statusPathOf(modelId, dsps, topology), {
      onProgress: (p, s) => bar.update(p, s),
    });
    bar.done();
    const structure =
      doc.aspect === 'traffic'
        ? null
        : await getJson<ConsoleStructure>(`/ui/data/structure/${dsps}/${encodeURIComponent(topology)}`).catch(
            () => null,
          );
    root.append(
      h(
        'dl',
        { class: 'run-meta' },
        h('dt', {}, 'topology'),
        h('dd', {}, `${doc.dsps}/${doc.topology_id}`),
        h('dt', {}, 'status'),
        h('dd', {}, doc.status),
        h('dt', {}, 'created'),
        h('dd', {}, doc.created_at),
        h('dt', {}, 'completed'),
        h('dd', {}, doc.completed_at ?? '—'),
        h('dt', {}, 'request'),
        h('dd', {}, h('code', {}, JSON.stringify(doc.request))),
      ),
      h(
        'p',
        {},
        reportLink(`/ui/report/${dsps}/${encodeURIComponent(topology)}/${modelId}`),
        ' · ',
        h('a', { href: statusPathOf(modelId, dsps, topology) }, 'JSON'),
      ),
      resultView(doc, { structure, history: null, role: route.params.get('role') ?? undefined }),
    );
  } catch (err) {
    bar.done();
    root.append(errorBox(err));
  }
}

/**
 * The report of this result. A navigation cannot send the tab's API key, so with one the page is fetched
 * with it and opened from memory (it is self-contained: nothing else to load).
 */
function reportLink(path: string): HTMLAnchorElement {
  const link = h('a', { href: path, 'data-testid': 'report-link' }, 'Report (self-contained HTML)');
  link.addEventListener('click', (event) => {
    if (!hasApiKey()) return;
    event.preventDefault();
    void requestText(BASE, path).then(
      (html) => window.open(URL.createObjectURL(new Blob([html], { type: 'text/html' })), '_blank'),
      (err: unknown) => link.replaceWith(errorBox(err)),
    );
  });
  return link;
}
