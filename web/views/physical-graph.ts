import cytoscape from 'cytoscape';
import type { ConsoleStructure } from '../../src/ui/shared/console-types.js';
import { num, percent } from '../../src/ui/shared/format.js';
import type { TopologyModelResults } from '../../src/ui/shared/topology-summary.js';
import { h } from '../dom.js';
import { criticalPath } from './critical-path.js';
import { flowOrder, instanceEdges, MAX_DRAWN_EDGES } from './instance-edges.js';

/** ρ → colour: green at 0, amber at the 0.8 warning, red at 1 and above. */
export function utilisationColour(rho: number | null): string {
  if (rho === null) return '#6b8cc7';
  const hue = Math.round(120 * (1 - Math.min(1, Math.max(0, rho))));
  return `hsl(${hue}, 70%, 45%)`;
}

const COLUMN_PX = 190;
const ROW_PX = 58;

const byNumber = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/**
 * The physical plan as a graph: instances inside their containers, coloured by predicted ρ, backpressured
 * instances ringed red and warnings amber, the critical path drawn thick, hover for λ, S, ρ and waits.
 */
export function physicalGraph(
  results: TopologyModelResults,
  structure: ConsoleStructure | null,
): HTMLElement {
  const instances = results.instances;
  const streams = structure?.streams ?? [];
  const edges = instanceEdges(instances, streams);
  const drawEdges = edges.length <= MAX_DRAWN_EDGES;
  const path = criticalPath(instances, edges, results.assumptions?.hop_ms);
  const onPath = new Set(path?.instances ?? []);
  const pathEdges = new Set((path?.instances ?? []).slice(1).map((to, i) => `${path?.instances[i]}>${to}`));

  const order = flowOrder([...new Set(Object.values(instances).map((i) => i.component))], streams);
  const containers = [...new Set(Object.values(instances).map((i) => i.container))].sort(byNumber);
  const elements: cytoscape.ElementDefinition[] = [];
  for (const [col, container] of containers.entries()) {
    const cpu = results.cpu.containers[container];
    const load = cpu ? ` · ${num(cpu.load_cores, 2)}/${num(cpu.capacity_cores, 2)} cores` : '';
    elements.push({
      data: { id: `container:${container}`, label: `${container}${load}` },
      classes: `container${cpu?.over_capacity ? ' over-capacity' : ''}`,
    });
    const members = Object.entries(instances)
      .filter(([, i]) => i.container === container)
      .sort(([a, x], [b, y]) => order.indexOf(x.component) - order.indexOf(y.component) || byNumber(a, b));
    for (const [row, [id, inst]] of members.entries()) {
      const classes = ['instance', inst.kind, inst.state];
      if (onPath.has(id)) classes.push('critical');
      elements.push({
        data: {
          id,
          parent: `container:${container}`,
          label: `${id.replace(`${container}_`, '')}\nρ ${inst.utilisation === null ? '—' : num(inst.utilisation, 2)}`,
          colour: utilisationColour(inst.utilisation),
        },
        position: { x: col * COLUMN_PX, y: row * ROW_PX },
        classes: classes.join(' '),
      });
    }
  }
  if (drawEdges) {
    for (const e of edges) {
      const critical = pathEdges.has(`${e.from}>${e.to}`);
      elements.push({
        data: { id: `${e.from}>${e.to}`, source: e.from, target: e.to, grouping: e.grouping },
        classes: `${e.grouping}${critical ? ' critical' : ''}`,
      });
    }
  }

  const canvas = h('div', { class: 'graph-canvas', 'data-testid': 'physical-graph' });
  const tooltip = h('div', { class: 'tooltip', hidden: true });
  const bp = results.backpressure;
  const legend = h(
    'p',
    { class: 'graph-legend', 'data-testid': 'graph-legend' },
    `${Object.keys(instances).length} instances in ${containers.length} containers`,
    bp.instances.length > 0 ? ` · backpressure: ${bp.instances.map((i) => i.instance).join(', ')}` : '',
    bp.warnings.length > 0 ? ` · warning: ${bp.warnings.map((i) => i.instance).join(', ')}` : '',
    path
      ? ` · critical path: ${path.instances.join(' → ')} (${Number.isFinite(path.timeMs) ? `${num(path.timeMs)} ms` : 'unbounded'})`
      : '',
    drawEdges ? '' : ` · ${edges.length} edges not drawn (more than ${MAX_DRAWN_EDGES})`,
  );
  const el = h('section', { class: 'graph' }, legend, canvas, tooltip);

  // Cytoscape needs the container in the document to measure it.
  requestAnimationFrame(() => {
    const cy = cytoscape({
      container: canvas,
      elements,
      layout: { name: 'preset', fit: true, padding: 24 },
      wheelSensitivity: 0.3,
      style: [
        {
          selector: 'node.instance',
          style: {
            shape: 'round-rectangle',
            width: 150,
            height: 40,
            'background-color': 'data(colour)',
            label: 'data(label)',
            color: '#fff',
            'font-size': 11,
            'text-wrap': 'wrap',
            'text-valign': 'center',
            'border-width': 1,
            'border-color': '#333',
          },
        },
        { selector: 'node.spout', style: { shape: 'round-diamond', width: 150 } },
        { selector: 'node.warning', style: { 'border-width': 4, 'border-color': '#f0a000' } },
        {
          selector: 'node.backpressure',
          style: { 'border-width': 6, 'border-color': '#b00020', 'border-style': 'double' },
        },
        {
          selector: 'node.critical',
          style: { 'underlay-color': '#7c3aed', 'underlay-opacity': 0.35, 'underlay-padding': 6 },
        },
        {
          selector: 'node.container',
          style: {
            label: 'data(label)',
            'text-valign': 'top',
            'font-size': 12,
            'background-color': '#f3f4f6',
            'border-color': '#9ca3af',
            'border-width': 1,
            padding: '14px',
          },
        },
        { selector: 'node.over-capacity', style: { 'border-color': '#b00020', 'border-width': 3 } },
        {
          selector: 'edge',
          style: {
            width: 1,
            'line-color': '#b6bcc6',
            'curve-style': 'bezier',
            'target-arrow-shape': 'triangle',
            'target-arrow-color': '#b6bcc6',
            'arrow-scale': 0.7,
          },
        },
        { selector: 'edge.fields', style: { 'line-style': 'dashed' } },
        {
          selector: 'edge.critical',
          style: { width: 4, 'line-color': '#7c3aed', 'target-arrow-color': '#7c3aed', 'z-index': 10 },
        },
      ],
    });
    (canvas as HTMLElement & { cy?: cytoscape.Core }).cy = cy;
    cy.on('mouseover', 'node.instance', (event) => {
      const id = event.target.id() as string;
      const inst = instances[id];
      if (!inst) return;
      tooltip.replaceChildren(
        h('strong', {}, id),
        h('br'),
        `${inst.kind} ${inst.component} in ${inst.container} · ${inst.state}`,
        h('br'),
        `λ ${num(inst.arrival_rate)} tuples/s · S ${num(inst.service_time_ms?.mean ?? null)} ms · ρ ${percent(inst.utilisation)}`,
        h('br'),
        `wait ${num(inst.waiting_time_ms)} ms · sojourn ${num(inst.sojourn_time_ms)} ms · queue ${num(inst.queue_length)}`,
      );
      const pos = event.renderedPosition;
      tooltip.style.left = `${pos.x + 16}px`;
      tooltip.style.top = `${pos.y + 16}px`;
      tooltip.hidden = false;
    });
    cy.on('mouseout', 'node.instance', () => {
      tooltip.hidden = true;
    });
  });
  return el;
}
