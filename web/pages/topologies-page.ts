import { getJson } from '../api.js';
import { h, table } from '../dom.js';
import { runHref, topologyHref } from '../route.js';
import { listRuns } from '../runs-store.js';
import { errorBox } from '../views/error-box.js';

interface Listing {
  cluster: string;
  environ: string;
  role?: string;
  name: string;
}

/** Every topology each DSPS's metrics source knows, with the latest model run of each from this browser. */
export async function topologiesPage(root: HTMLElement): Promise<void> {
  root.append(h('h1', {}, 'Topologies'));
  const runs = listRuns();
  for (const dsps of ['heron', 'storm']) {
    const section = h(
      'section',
      { class: 'dsps', 'data-dsps': dsps },
      h('h2', {}, dsps === 'heron' ? 'Apache Heron' : 'Apache Storm'),
    );
    root.append(section);
    try {
      const listings = await getJson<Listing[]>(`/topologies/${dsps}`);
      section.append(
        table(
          ['topology', 'cluster', 'environ', 'role', 'pages', 'latest run'],
          listings.map((t) => {
            const params = new URLSearchParams({
              cluster: t.cluster,
              environ: t.environ,
              ...(t.role ? { role: t.role } : {}),
            });
            const latest = runs.find((r) => r.dsps === dsps && r.topology === t.name);
            return [
              h('a', { href: topologyHref('t', dsps, t.name, params), class: 'topology-link' }, t.name),
              t.cluster,
              t.environ,
              t.role ?? '—',
              h(
                'span',
                { class: 'links' },
                h('a', { href: topologyHref('t', dsps, t.name, params) }, 'graph'),
                h('a', { href: topologyHref('traffic', dsps, t.name, params) }, 'traffic'),
                h('a', { href: topologyHref('scaling', dsps, t.name, params) }, 'scaling'),
              ),
              latest
                ? h(
                    'a',
                    { href: runHref(dsps, t.name, latest.modelId) },
                    `${latest.status} · ${new Date(latest.atIso).toLocaleString()}`,
                  )
                : '—',
            ];
          }),
          { 'data-testid': `topologies-${dsps}` },
        ),
      );
    } catch (err) {
      section.append(errorBox(err));
    }
  }
}
