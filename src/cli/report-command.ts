import { writeFileSync } from 'node:fs';
import { pollResult, requestText, statusPathOf } from '../ui/shared/api-client.js';
import { errorLine } from './error-line.js';
import { EXIT_CODES, type ExitCode, exitCodeOf } from './exit-codes.js';
import type { CliOutput } from './progress-reporter.js';

/** Options of {@link reportCommand}. */
export interface ReportCommandOptions {
  modelId: string;
  dsps: string;
  topology: string;
  url: string;
  /** Write the page here instead of stdout. */
  out?: string;
}

/**
 * `augur report MODEL_ID`: one result as the console's self-contained HTML page (GET
 * /ui/report/{dsps}/{topology}/{model_id}), to attach to a change ticket, once the result is complete.
 * The aspect is the id's prefix (traffic-, topology-, scaling-).
 */
export async function reportCommand(opts: ReportCommandOptions, out: CliOutput): Promise<ExitCode> {
  const path = `/ui/report/${encodeURIComponent(opts.dsps)}/${encodeURIComponent(opts.topology)}/${encodeURIComponent(opts.modelId)}`;
  let page: string;
  try {
    // A result still running is waited for, so `augur report` can follow the request that made it.
    await pollResult(opts.url, statusPathOf(opts.modelId, opts.dsps, opts.topology));
    page = await requestText(opts.url, path);
  } catch (err) {
    out.stderr(errorLine(err));
    return exitCodeOf(err);
  }
  if (opts.out) {
    writeFileSync(opts.out, page);
    out.stderr(`augur: report written to ${opts.out}\n`);
  } else {
    out.stdout(page);
  }
  return EXIT_CODES.ok;
}
