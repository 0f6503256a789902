import { Argument, type Command, InvalidArgumentError } from 'commander';
import { useApiKey } from '../ui/shared/api-client.js';
import { EXIT_CODES } from './exit-codes.js';
import { FAIL_ON_FORMS } from './fail-on.js';
import { modelCommand } from './model-command.js';
import { MODEL_ASPECTS, type ModelAspect } from './model-request.js';
import { processOutput } from './progress-reporter.js';
import { reportCommand } from './report-command.js';

// The one place the client commands read the environment: where a running augur is.
const DEFAULT_URL = process.env.AUGUR_URL ?? 'http://127.0.0.1:3000';
const API_KEY_FLAGS = '--api-key <key>';
// Not a default value: commander would print it in --help.
const API_KEY_HELP = 'API key, when augur requires one ($AUGUR_API_KEY when set)';

const collect = (value: string, previous: string[] = []) => [...previous, value];

const positiveSeconds = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError('must be a number of seconds greater than 0');
  return n;
};

const EXIT_HELP = `
Exit codes:
  ${EXIT_CODES.ok}  the result is there and no --fail-on condition holds
  ${EXIT_CODES.usage}  bad arguments or an unreadable file (nothing was asked)
  ${EXIT_CODES.refused}  the API refused the request (4xx: unknown topology, bad rate…) or the model failed
  ${EXIT_CODES.unavailable}  augur did not answer, answered 5xx or failed on something transient: retry later
  ${EXIT_CODES.failOn}  the prediction violates a --fail-on condition

Examples:
  augur model current heron WordCountTopology sentence=150
  augur model scaling heron WordCountTopology sentence=9000 role=augur --save-plan plan.pb
  augur model proposed heron WordCountTopology sentence=9000 --plan plan.pb --fail-on backpressure
  augur model traffic heron WordCountTopology duration=2 units=h --json`;

/** `augur model …` and `augur report …`: clients of a running augur's public API. */
export function addClientCommands(program: Command): void {
  program
    .command('model')
    .description(
      'ask a running augur: model traffic, a current or proposed plan, scaling advice or the graph',
    )
    .addArgument(new Argument('<aspect>', 'what to model').choices(MODEL_ASPECTS))
    .argument('<dsps>', 'heron or storm')
    .argument('<topology>', 'topology name')
    .argument(
      '[params...]',
      'name=value: spout rates (sentence=150, or per task 5=141) or any query parameter of the route (duration=2 units=h, traffic=forecast, role=augur, planner=formula)',
    )
    .option('--url <url>', 'base URL of a running augur ($AUGUR_URL when set)', DEFAULT_URL)
    .option(API_KEY_FLAGS, API_KEY_HELP)
    .option(
      '--plan <file>',
      'proposed plan for proposed or graph: Heron PackingPlan (protobuf or JSON) or Storm assignment (JSON)',
    )
    .option('--json', 'print the result document instead of the table')
    .option(
      '--fail-on <condition>',
      `exit ${EXIT_CODES.failOn} when the prediction shows ${FAIL_ON_FORMS} (repeatable)`,
      collect,
    )
    .option(
      '--save-plan <file>',
      'scaling: write the recommended plan (protobuf; JSON if the name ends in .json)',
    )
    .option('--timeout <sec>', 'give up waiting for the result after this long, s', positiveSeconds, 120)
    .addHelpText('after', EXIT_HELP)
    .action(async (aspect: ModelAspect, dsps: string, topology: string, params: string[], opts) => {
      useApiKey(opts.apiKey ?? process.env.AUGUR_API_KEY);
      process.exitCode = await modelCommand(
        {
          aspect,
          dsps,
          topology,
          params,
          url: opts.url,
          plan: opts.plan,
          json: opts.json,
          failOn: opts.failOn,
          savePlan: opts.savePlan,
          timeoutSec: opts.timeout,
        },
        processOutput(),
      );
    });

  program
    .command('report')
    .description('one model result as a self-contained HTML page (the console report), for a change ticket')
    .argument('<model_id>', 'the model id a model request answered (traffic-…, topology-…, scaling-…)')
    .requiredOption('--topology <name>', 'the topology the result is for')
    .option('--dsps <dsps>', 'heron or storm', 'heron')
    .option('--url <url>', 'base URL of a running augur ($AUGUR_URL when set)', DEFAULT_URL)
    .option('-o, --out <file>', 'write the page to this file instead of stdout')
    .option(API_KEY_FLAGS, API_KEY_HELP)
    .action(async (modelId: string, opts) => {
      useApiKey(opts.apiKey ?? process.env.AUGUR_API_KEY);
      process.exitCode = await reportCommand(
        { modelId, dsps: opts.dsps, topology: opts.topology, url: opts.url, out: opts.out },
        processOutput(),
      );
    });
}
