/**
 * Reading of a scaling advice result: the per-component advice and the command that applies the
 * recommended plan (Heron's `heron update --component-parallelism`, Storm's `storm rebalance -e`).
 */

export interface ComponentAdvice {
  component: string;
  kind: 'spout' | 'bolt';
  current_parallelism: number;
  recommended_parallelism: number;
  required_rate_per_sec: number | null;
  current_utilisation: number | null;
  predicted_utilisation: number | null;
  bound_by: string;
  reasons: string[];
}

export interface ScalingResults {
  planner: string;
  target_utilisation: number;
  components: ComponentAdvice[];
  changed: string[];
  instances: { current: number; recommended: number };
  plan:
    | { dsps: 'heron'; packing_plan: unknown; packing_plan_protobuf_base64: string }
    | { dsps: 'storm'; assignment: unknown; rebalance_command: string[] };
  prediction: { current: unknown; recommended: unknown };
}

export interface TopologyCoordinates {
  topology_id: string;
  cluster?: string;
  environ?: string;
  role?: string;
}

export function scalingResultsOf(doc: { model_results: Array<{ results: unknown }> }): ScalingResults {
  const results = doc.model_results[0]?.results as ScalingResults | undefined;
  if (!results?.components || !results.plan) throw new TypeError('not a scaling advice result');
  return results;
}

/** Quotes an argument for a POSIX shell only when it needs it. */
const shellWord = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`);

/**
 * The argument vector that applies the advice: Storm's own `rebalance_command`; for Heron,
 * `heron update <cluster>/<role>/<environ> <topology> --component-parallelism=<c>:<n>` per changed component.
 * Empty when nothing changes.
 */
export function applyCommandOf(doc: TopologyCoordinates, results: ScalingResults): string[] {
  if (results.changed.length === 0) return [];
  if (results.plan.dsps === 'storm') return results.plan.rebalance_command;
  const where = [doc.cluster, doc.role, doc.environ].filter((s): s is string => Boolean(s)).join('/');
  const byName = new Map(results.components.map((c) => [c.component, c]));
  return [
    'heron',
    'update',
    where,
    doc.topology_id,
    ...results.changed.map(
      (name) => `--component-parallelism=${name}:${byName.get(name)?.recommended_parallelism ?? '?'}`,
    ),
  ];
}

export const shellCommand = (argv: string[]) => argv.map(shellWord).join(' ');
