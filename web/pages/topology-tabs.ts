import { h } from '../dom.js';
import { coordinatesOf, type Route, topologyHref } from '../route.js';

/** The heading of a topology's pages with links between them (keeping cluster/environ/role). */
export function topologyTabs(route: Route, active: string): HTMLElement {
  const [, dsps = '', topology = ''] = route.parts;
  const keep = new URLSearchParams(
    Object.entries(coordinatesOf(route.params)).filter((e): e is [string, string] => e[1] !== undefined),
  );
  const tab = (page: string, label: string) =>
    h(
      'a',
      { href: topologyHref(page, dsps, topology, keep), class: page === active ? 'active' : undefined },
      label,
    );
  return h(
    'div',
    { class: 'tabs' },
    h('h2', {}, `${topology} `, h('small', {}, dsps)),
    h('nav', {}, tab('t', 'Graph & what-if'), tab('traffic', 'Traffic'), tab('scaling', 'Scaling')),
  );
}
