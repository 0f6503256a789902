import 'uplot/dist/uPlot.min.css';
import './style.css';
import { restoreApiKey } from './api-key.js';
import { h } from './dom.js';
import { runPage } from './pages/run-page.js';
import { runsPage } from './pages/runs-page.js';
import { scalingPage } from './pages/scaling-page.js';
import { topologiesPage } from './pages/topologies-page.js';
import { topologyPage } from './pages/topology-page.js';
import { trafficPage } from './pages/traffic-page.js';
import { currentRoute } from './route.js';
import { errorBox } from './views/error-box.js';

/** Renders the page the URL's hash names; every page reads the public API of the augur serving it. */
async function render(): Promise<void> {
  const root = document.getElementById('app');
  if (!root) return;
  root.replaceChildren();
  const route = currentRoute();
  const page = route.parts[0] ?? '';
  try {
    if (page === '') await topologiesPage(root);
    else if (page === 't') await topologyPage(root, route);
    else if (page === 'traffic') await trafficPage(root, route);
    else if (page === 'scaling') await scalingPage(root, route);
    else if (page === 'runs') runsPage(root);
    else if (page === 'run') await runPage(root, route);
    else root.append(h('p', {}, `No page ${location.hash}. `, h('a', { href: '#/' }, 'Topologies')));
  } catch (err) {
    root.append(errorBox(err));
  }
  document.body.dataset.page = page || 'topologies';
  document.body.dataset.ready = 'true';
}

window.addEventListener('hashchange', () => {
  document.body.dataset.ready = 'false';
  void render();
});
restoreApiKey();
void render();
