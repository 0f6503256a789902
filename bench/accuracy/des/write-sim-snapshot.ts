import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  MANIFEST_FILE,
  metricsFile,
  planFile,
  SNAPSHOT_FORMAT_VERSION,
  type SnapshotManifest,
  type SnapshotTopologyEntry,
  TOPOLOGIES_FILE,
  topologyDir,
} from '../../../src/dsps/heron/snapshot-layout.js';
import { METRICS_TIMELINE_PATHS } from '../../../src/dsps/heron/tracker-client.js';
import type { SimComponent, SimInstance, SimTopology } from './sim-topology.js';
import type { SimResult } from './simulate-topology.js';

/** The Tracker's name for the stream managers' metrics. */
export const STMGR_COMPONENT = '__stmgr__';
export const SIM_COORDS = { cluster: 'sim', environ: 'default', role: 'bench' } as const;
export const TRUTH_FILE = 'des-truth.json';

/** Per-instance resources of the packing plan: 1 core, 512 MiB, 1 GiB each; 1 core + 1 GiB padding a container. */
const INSTANCE_RESOURCES = { cpu: 1, ram: 512 * 2 ** 20, disk: 2 ** 30 };
const PADDING = { cpu: 1, ram: 2 ** 30, disk: 2 ** 30 };
const SHELL_PORT = 61_369;

export interface SimCase {
  topology: SimTopology;
  result: SimResult;
}

/**
 * Writes simulated topologies as one augur snapshot directory, in the Tracker's exact answers (envelope,
 * metric values as strings): logical, physical and packing plans, one metrics timeline per component and
 * one for the stream managers (`__stmgr__`: backpressure times, ms per minute), plus each topology's
 * ground truth (`des-truth.json`, not read by augur). All topologies share the window ending `capturedAtSec`.
 */
export async function writeSimSnapshot(dir: string, cases: SimCase[], capturedAtSec: number): Promise<void> {
  const entries: SnapshotTopologyEntry[] = [];
  const files: Array<[string, string]> = [];
  let startSec = capturedAtSec;
  for (const { topology, result } of cases) {
    const coords = { ...SIM_COORDS, topology: topology.name };
    topologyDir(dir, coords);
    const topoStart = capturedAtSec - result.minutes * 60;
    startSec = Math.min(startSec, topoStart);
    const id = planIdOf(topology.name);
    files.push([planFile(dir, coords, 'logicalplan'), envelope(logicalPlan(topology))]);
    files.push([planFile(dir, coords, 'physicalplan'), envelope(physicalPlan(topology, result))]);
    files.push([planFile(dir, coords, 'packingplan'), envelope(packingPlanOf(id, result.instances))]);
    const components: string[] = [];
    for (const c of topology.components) {
      const timeline = timelineOf(result, topoStart, (inst) => inst.component === c.name, c);
      files.push([
        metricsFile(dir, coords, c.name),
        envelope(timelineBody(c.name, topoStart, capturedAtSec, timeline)),
      ]);
      components.push(c.name);
    }
    files.push([
      metricsFile(dir, coords, STMGR_COMPONENT),
      envelope(timelineBody(STMGR_COMPONENT, topoStart, capturedAtSec, stmgrTimeline(result, topoStart))),
    ]);
    components.push(STMGR_COMPONENT);
    files.push([join(topologyDir(dir, coords), TRUTH_FILE), `${JSON.stringify(result.truth, null, 2)}\n`]);
    entries.push({
      ...coords,
      capturedAtSec,
      startSec: topoStart,
      hasPackingPlan: true,
      components: components.sort(),
      metricsTimelinePath: METRICS_TIMELINE_PATHS.legacy,
    });
  }
  const listing = {
    [SIM_COORDS.cluster]: { [SIM_COORDS.role]: { [SIM_COORDS.environ]: cases.map((c) => c.topology.name) } },
  };
  files.push([join(dir, TOPOLOGIES_FILE), envelope(listing)]);
  const manifest: SnapshotManifest = {
    formatVersion: SNAPSHOT_FORMAT_VERSION,
    capturedAtSec,
    startSec,
    trackerUrl: 'synthetic:bench/accuracy/des',
    synthetic: true,
    generator: 'bench/accuracy/des (discrete-event simulation)',
    topologies: entries,
  };
  files.push([join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`]);
  for (const [path, text] of files) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text, 'utf8');
  }
}

function envelope(result: unknown): string {
  return `${JSON.stringify({ status: 'success', executiontime: 0.0002, message: '', version: '0.20.0', result })}\n`;
}

function timelineBody(component: string, startSec: number, endSec: number, timeline: Timeline) {
  return { component, starttime: startSec, endtime: endSec, timeline };
}

type Timeline = Record<string, Record<string, Record<string, string>>>;

const text = (v: number) => String(Math.round(v * 100) / 100);

/** Heron's metrics from the simulator's per-minute sums: counts as they are, latencies as means (ns). */
function timelineOf(
  result: SimResult,
  startSec: number,
  member: (inst: SimResult['instances'][number]) => boolean,
  spec: SimComponent,
): Timeline {
  const timeline: Timeline = {};
  const put = (metric: string, id: string, minute: number, value: string) => {
    const byInstance = timeline[metric] ?? {};
    timeline[metric] = byInstance;
    const points = byInstance[id] ?? {};
    byInstance[id] = points;
    points[String(startSec + minute * 60)] = value;
  };
  for (const inst of result.instances.filter(member)) {
    const s = result.series[inst.id] ?? {};
    const at = (metric: string, minute: number) => s[metric]?.[minute] ?? 0;
    for (let minute = 0; minute < result.minutes; minute++) {
      for (const stream of Object.keys(spec.outputs)) {
        put(`__emit-count/${stream}`, inst.id, minute, text(at(`__emit-count/${stream}`, minute)));
      }
      if (spec.kind === 'spout') {
        for (const stream of Object.keys(spec.outputs)) {
          const acked = at(`__ack-count/${stream}`, minute);
          put(`__ack-count/${stream}`, inst.id, minute, text(acked));
          put(`__fail-count/${stream}`, inst.id, minute, '0');
          if (acked > 0) {
            const meanNs = at(`__complete-latency-sum/${stream}`, minute) / acked;
            put(`__complete-latency/${stream}`, inst.id, minute, text(meanNs));
          }
        }
        const emitted = Object.keys(spec.outputs).reduce((n, st) => n + at(`__emit-count/${st}`, minute), 0);
        put('__jvm-process-cpu-load', inst.id, minute, cpu(0.02 + emitted / 60 / 50_000));
      } else {
        for (const input of spec.inputs ?? []) {
          const key = `${input.component}/${input.stream}`;
          const count = at(`__execute-count/${key}`, minute);
          put(`__execute-count/${key}`, inst.id, minute, text(count));
          put(`__ack-count/${key}`, inst.id, minute, text(count));
          put(`__fail-count/${key}`, inst.id, minute, '0');
          if (count > 0) {
            const meanNs = text(at(`__execute-latency-sum/${key}`, minute) / count);
            put(`__execute-latency/${key}`, inst.id, minute, meanNs);
            // Heron's process latency runs from the dequeue to the ack; these bolts ack in execute().
            put(`__process-latency/${key}`, inst.id, minute, meanNs);
          }
        }
        put('__jvm-process-cpu-load', inst.id, minute, cpu(0.01 + at('__busy-ms', minute) / 60_000));
      }
    }
  }
  return timeline;
}

function cpu(x: number): string {
  return String(Number(Math.min(1, Math.max(0, x)).toFixed(6)));
}

function stmgrTimeline(result: SimResult, startSec: number): Timeline {
  const timeline: Timeline = {};
  const containers = [...new Set(result.instances.map((i) => i.container))].sort((a, b) => a - b);
  const components = [...new Set(result.instances.map((i) => i.component))];
  const metrics = [
    '__server/__time_spent_back_pressure_initiated',
    ...components.map((c) => `__time_spent_back_pressure_by_compid/${c}`),
  ];
  for (const container of containers) {
    const id = `stmgr-${container}`;
    const s = result.stmgrSeries[id] ?? {};
    for (const metric of metrics) {
      const points: Record<string, string> = {};
      for (let minute = 0; minute < result.minutes; minute++) {
        points[String(startSec + minute * 60)] = text(s[metric]?.[minute] ?? 0);
      }
      const byInstance = timeline[metric] ?? {};
      timeline[metric] = byInstance;
      byInstance[id] = points;
    }
  }
  return timeline;
}

function logicalPlan(topology: SimTopology) {
  const spouts: Record<string, unknown> = {};
  const bolts: Record<string, unknown> = {};
  for (const c of topology.components) {
    const outputs = Object.keys(c.outputs).map((stream_name) => ({ stream_name }));
    if (c.kind === 'spout') spouts[c.name] = { source: 'NA', version: 'NA', type: 'default', outputs };
    else
      bolts[c.name] = {
        outputs,
        inputs: (c.inputs ?? []).map((i) => ({
          stream_name: i.stream,
          grouping: i.grouping,
          component_name: i.component,
        })),
      };
  }
  return { spouts, bolts };
}

const host = (container: number) => `sim-host-${container}`;

function physicalPlan(topology: SimTopology, result: SimResult) {
  const ids = (component: string) =>
    result.instances.filter((i) => i.component === component).map((i) => i.id);
  const containers = [...new Set(result.instances.map((i) => i.container))].sort((a, b) => a - b);
  const stmgrs: Record<string, unknown> = {};
  for (const container of containers) {
    const id = `stmgr-${container}`;
    stmgrs[id] = {
      cwd: `/home/bench/.herondata/topologies/sim/bench/${topology.name}`,
      host: host(container),
      joburl: `http://${host(container)}:${SHELL_PORT}/browse/`,
      shell_port: SHELL_PORT,
      logfiles: `http://${host(container)}:${SHELL_PORT}/browse/log-files`,
      pid: 4100 + container,
      id,
      instance_ids: result.instances.filter((i) => i.container === container).map((i) => i.id),
      port: 61_365 + container,
    };
  }
  const of = (kind: 'spout' | 'bolt') =>
    Object.fromEntries(topology.components.filter((c) => c.kind === kind).map((c) => [c.name, ids(c.name)]));
  return {
    spouts: of('spout'),
    bolts: of('bolt'),
    instances: Object.fromEntries(
      result.instances.map((i) => [
        i.id,
        {
          stmgrId: `stmgr-${i.container}`,
          logfile: `http://${host(i.container)}:${SHELL_PORT}/file/log-files/${i.id}.log.0`,
          id: i.id,
          name: i.component,
        },
      ]),
    ),
    stmgrs,
    config: {
      'topology.name': topology.name,
      'topology.stmgrs': String(containers.length),
      'topology.reliability.mode': 'ATLEAST_ONCE',
      'topology.message.timeout.secs': '30',
      'topology.component.parallelism': '1',
    },
  };
}

/** The packing plan id of a simulated topology (a proposed plan must carry it). */
export const planIdOf = (topology: string) => `${topology}-00000000-0000-4000-a000-000000000000`;

/** A packing plan in the Tracker's JSON form: what the snapshot holds and what a proposed plan posts. */
export function packingPlanOf(id: string, instances: SimInstance[]) {
  const containers = [...new Set(instances.map((i) => i.container))].sort((a, b) => a - b);
  return {
    id,
    container_plans: containers.map((container) => {
      const members = instances.filter((i) => i.container === container);
      const required = {
        cpu: members.length * INSTANCE_RESOURCES.cpu + PADDING.cpu,
        ram: members.length * INSTANCE_RESOURCES.ram + PADDING.ram,
        disk: members.length * INSTANCE_RESOURCES.disk + PADDING.disk,
      };
      return {
        id: container,
        instances: members.map((i) => ({
          component_name: i.component,
          task_id: i.taskId,
          component_index: i.componentIndex,
          instance_resources: { ...INSTANCE_RESOURCES },
        })),
        required_resources: required,
        scheduled_resources: required,
      };
    }),
  };
}
