import { type ResultDocument, runModel } from '../ui/shared/api-client.js';
import { scalingResultsOf } from '../ui/shared/scaling-summary.js';
import { type TopologyModelResults, topologyResultsOf } from '../ui/shared/topology-summary.js';
import { errorLine } from './error-line.js';
import { EXIT_CODES, type ExitCode, exitCodeOf } from './exit-codes.js';
import { type FailOnCondition, parseFailOn, violationsOf } from './fail-on.js';
import { type ModelAspect, type ModelRequest, modelRequestOf } from './model-request.js';
import { modelText } from './model-text.js';
import { readPlanFile } from './plan-file.js';
import { type CliOutput, progressReporter } from './progress-reporter.js';
import { saveRecommendedPlan } from './save-plan.js';

/** Options of {@link modelCommand}. */
export interface ModelCommandOptions {
  aspect: ModelAspect;
  dsps: string;
  topology: string;
  /** `name=value` pairs: spout rates (`sentence=150`, `5=141`) or any query parameter of the route. */
  params: string[];
  /** Base URL of a running augur. */
  url: string;
  /** A proposed plan file (proposed, graph). */
  plan?: string;
  /** Print the result document instead of the table. */
  json?: boolean;
  /** `--fail-on` values, each one or more comma-separated conditions. */
  failOn?: string[];
  /** scaling: write the recommended plan here. */
  savePlan?: string;
  /** Give up waiting for the result after this long, s. @defaultValue 120 */
  timeoutSec?: number;
}

/** The topology prediction `--fail-on` judges: the plan modelled, or for scaling the recommended one. */
function predictionOf(aspect: ModelAspect, doc: ResultDocument): TopologyModelResults {
  if (aspect === 'scaling') {
    return scalingResultsOf(doc).prediction.recommended as TopologyModelResults;
  }
  return topologyResultsOf(doc);
}

/**
 * `augur model <aspect> <dsps> <topology> [name=value…]`: asks a running augur, shows the job's progress,
 * prints the table (or `--json`) and answers an exit code (EXIT_CODES) a deploy script can branch on.
 */
export async function modelCommand(opts: ModelCommandOptions, out: CliOutput): Promise<ExitCode> {
  let request: ModelRequest;
  let conditions: FailOnCondition[];
  try {
    conditions = (opts.failOn ?? []).flatMap(parseFailOn);
    if (conditions.length > 0 && (opts.aspect === 'traffic' || opts.aspect === 'graph')) {
      throw new Error(
        `--fail-on judges a topology prediction: current, proposed or scaling, not ${opts.aspect}`,
      );
    }
    if (opts.savePlan && opts.aspect !== 'scaling') throw new Error('--save-plan goes with scaling');
    const plan = opts.plan === undefined ? undefined : readPlanFile(opts.plan);
    request = modelRequestOf(opts.aspect, opts.dsps, opts.topology, opts.params, plan);
  } catch (err) {
    out.stderr(errorLine(err));
    return EXIT_CODES.usage;
  }

  const progress = progressReporter(out, opts.aspect);
  let doc: ResultDocument;
  try {
    doc = await runModel(opts.url, request.path, {
      method: request.method,
      body: request.body?.body,
      contentType: request.body?.contentType,
      timeoutMs: (opts.timeoutSec ?? 120) * 1000,
      onAccepted: (modelId) => progress.accepted(modelId),
      onProgress: (percent, status) => progress.progress(percent, status),
    });
  } catch (err) {
    progress.done();
    out.stderr(errorLine(err));
    return exitCodeOf(err);
  }
  progress.done();

  const role = opts.params.find((p) => p.startsWith('role='))?.slice('role='.length);
  out.stdout(opts.json ? `${JSON.stringify(doc, null, 2)}\n` : modelText(opts.aspect, doc, role));
  if (opts.savePlan) {
    const what = saveRecommendedPlan(scalingResultsOf(doc), opts.savePlan);
    out.stderr(`augur: recommended plan written to ${opts.savePlan} (${what})\n`);
  }
  const violations = conditions.length > 0 ? violationsOf(predictionOf(opts.aspect, doc), conditions) : [];
  for (const v of violations) out.stderr(`augur: fail-on: ${v}\n`);
  return violations.length > 0 ? EXIT_CODES.failOn : EXIT_CODES.ok;
}
