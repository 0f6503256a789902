import { existsSync, readFileSync } from 'node:fs';
import type { LoopAdvice } from '../../src/autoscaler/loop-advice.js';
import type { TopologyRef } from '../../src/topology/topology-ref.js';

export const WORD_COUNT_REF: TopologyRef = {
  dsps: 'heron',
  cluster: 'local',
  environ: 'default',
  role: 'augur',
  topology: 'WordCountTopology',
};

/**
 * An advice for one bolt, `split`, at 2 instances whose busiest runs at 0.95 against a 0.7 target: the
 * planner recommends 4 (predicted 0.475). The plan to apply is `{id: 'new'}`, today's `{id: 'old'}`.
 */
export function sampleAdvice(component: Partial<LoopAdvice['components'][number]> = {}): LoopAdvice {
  return {
    target_utilisation: 0.7,
    components: [
      {
        component: 'split',
        kind: 'bolt',
        current_parallelism: 2,
        recommended_parallelism: 4,
        current_utilisation: 0.95,
        predicted_utilisation: 0.475,
        bound_by: 'utilisation',
        reasons: ['busiest instance above target'],
        ...component,
      },
    ],
    plan: { id: 'new' },
    current_plan: { id: 'old' },
  };
}

/**
 * A Node program (run as `node -e <script> -- <args…> <out file>`) that appends one JSON line to its last
 * argument: `{argv, plan}` — its other arguments exactly as received, and the content of any argument that
 * names a `plan.json` file. It prints `out:<n>` / `err:<n>` and exits with the plan's `exit` field (0 when
 * absent), so a test picks success or failure through the plan.
 */
const RECORD_SCRIPT = `
const fs = require('node:fs');
const args = process.argv.slice(1);
const out = args[args.length - 1];
const given = args.slice(0, -1);
const planPath = given.find((a) => a.endsWith('plan.json') && fs.existsSync(a));
const plan = planPath ? JSON.parse(fs.readFileSync(planPath, 'utf8')) : null;
fs.appendFileSync(out, JSON.stringify({ argv: given, plan }) + '\\n');
process.stdout.write('out:' + given.length + '\\n');
process.stderr.write('err:' + given.length + '\\n');
process.exit(plan && plan.exit ? plan.exit : 0);
`;

/** `[node, -e, script, --, ...args, outFile]`: an argv for the command executor that records its run. */
export function recordingArgv(outFile: string, ...args: string[]): string[] {
  return [process.execPath, '-e', RECORD_SCRIPT, '--', ...args, outFile];
}

export interface RecordedRun {
  argv: string[];
  plan: unknown;
}

/** The runs {@link recordingArgv} recorded, in order. */
export function recordedRuns(outFile: string): RecordedRun[] {
  if (!existsSync(outFile)) return [];
  return readFileSync(outFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as RecordedRun);
}

/** Polls `condition` every 50 ms until it holds or `timeoutMs` passes. */
export async function waitFor(condition: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
