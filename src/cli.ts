#!/usr/bin/env node
import { Command, InvalidArgumentError } from 'commander';
import { backtestCsv } from './cli/backtest-command.js';
import { addClientCommands } from './cli/client-commands.js';
import { type ForecastCsvModel, forecastCsv } from './cli/forecast-command.js';
import { loadConfig } from './config/load-config.js';
import { writeSnapshot } from './metrics/write-snapshot.js';
import type { Role } from './services.js';

const program = new Command('augur')
  .description('Performance modelling and capacity planning for Apache Heron and Apache Storm topologies')
  .option(
    '-c, --config-dir <dir>',
    'directory of YAML configuration files (default: $AUGUR_CONFIG_DIR or ./config)',
  )
  .showHelpAfterError();

/** Runs until SIGTERM/SIGINT, then closes gracefully: the API stops taking requests, workers finish their jobs. */
async function serve(role: Role): Promise<void> {
  const config = loadConfig({ dir: program.opts<{ configDir?: string }>().configDir });
  // Loaded here, not at the top: the client commands (`augur model`) start without the server's modules.
  const { startServices } = await import('./services.js');
  const services = await startServices(config, role);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    process.stderr.write(`augur: ${signal} received, shutting down\n`);
    // Bounded even when Redis is down (BullMQ would wait for it): past the deadline, exit anyway.
    const deadlineMs = config.queue.shutdownTimeoutMs;
    setTimeout(() => {
      process.stderr.write(`augur: not stopped within queue.shutdownTimeoutMs = ${deadlineMs} ms; exiting\n`);
      process.exit(1);
    }, deadlineMs).unref();
    await services.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

program
  .command('api')
  .description('serve the HTTP API (needs Redis: REDIS_URL)')
  .action(() => serve('api'));
program
  .command('worker')
  .description('run model jobs from the Redis queue')
  .action(() => serve('worker'));
program
  .command('all')
  .description('serve the API and run workers in one process (embedded queue when no Redis is configured)')
  .action(() => serve('all'));

const positiveNumber = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a number greater than 0');
  return n;
};

/** ISO-8601 or Unix seconds → Unix seconds, floored to the minute (Tracker buckets are minutes). */
const parseTime = (value: string) => {
  const ms = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value);
  if (!Number.isFinite(ms)) throw new InvalidArgumentError('must be ISO-8601 or Unix seconds');
  return Math.floor(ms / 60_000) * 60;
};

program
  .command('snapshot')
  .description('save every Heron Tracker response the models need into a directory, for offline analysis')
  .requiredOption('--tracker <url>', 'Heron Tracker base URL, e.g. http://localhost:8888')
  .requiredOption('--cluster <cluster>', 'Heron cluster')
  .requiredOption('--environ <environ>', 'Heron environ')
  .option('--role <role>', 'Heron role')
  .requiredOption('--topology <name>', 'topology name')
  .requiredOption('--out <dir>', 'directory to write (created if missing)')
  .option('--hours <hours>', 'hours of metrics history to save (the Tracker keeps 3)', positiveNumber, 3)
  .option('--end <time>', 'end of the saved window: ISO-8601 or Unix seconds (default: now)', parseTime)
  .action(async (opts) => {
    const summary = await writeSnapshot({
      trackerUrl: opts.tracker,
      cluster: opts.cluster,
      environ: opts.environ,
      role: opts.role,
      topology: opts.topology,
      outDir: opts.out,
      sourceHours: opts.hours,
      endSec: opts.end,
    });
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  });

const positiveInteger = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a whole number greater than 0');
  return n;
};

const FORECAST_MODELS: ForecastCsvModel[] = ['auto', 'seasonal-naive', 'naive', 'summary'];

program
  .command('forecast')
  .description('forecast a timestamp,value CSV: JSON with timestamps, mean and 80 %/95 % bands')
  .requiredOption(
    '--csv <file>',
    'CSV of timestamp,value rows (YYYY-MM-DD HH:MM:SS UTC, ISO-8601 or Unix seconds)',
  )
  .requiredOption('--horizon <steps>', "steps to forecast (a step is the CSV's own spacing)", positiveInteger)
  .option('--model <name>', `${FORECAST_MODELS.join(' | ')}`, (value: string) => {
    if (!FORECAST_MODELS.includes(value as ForecastCsvModel)) {
      throw new InvalidArgumentError(`must be one of ${FORECAST_MODELS.join(', ')}`);
    }
    return value as ForecastCsvModel;
  })
  .action((opts) => {
    const result = forecastCsv({ csvPath: opts.csv, horizonSteps: opts.horizon, model: opts.model });
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  });

program
  .command('backtest')
  .description(
    'rolling-origin backtest of every traffic model on a timestamp,value CSV: MASE, sMAPE, coverage',
  )
  .requiredOption('--csv <file>', 'CSV of timestamp,value rows')
  .requiredOption('--horizon <steps>', 'steps ahead each forecast is scored on', positiveInteger)
  .action((opts) => {
    const result = backtestCsv({ csvPath: opts.csv, horizonSteps: opts.horizon });
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  });

addClientCommands(program);

// Errors a user can act on (bad file, bad config, unreachable Tracker) print their message only.
program.parseAsync().catch((err: unknown) => {
  process.stderr.write(`augur: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
