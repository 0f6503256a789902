import { toErrorBody } from '../errors.js';
import { jobSeconds, jobsFinished } from '../observability/process-metrics.js';
import type { JobProcessor } from './job-queue.js';

/** Where job lines go: pino's `info`/`warn` fit. */
export interface JobLogger {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/**
 * `processor` with one structured log line when a job starts, completes or fails (model_id, aspect, DSPS,
 * topology, attempt, duration, error code) and the job metrics (`augur_jobs_total`, `augur_job_duration_seconds`).
 */
export function observedProcessor(processor: JobProcessor, log: JobLogger): JobProcessor {
  return async (job, ctx) => {
    const fields = {
      model_id: job.modelId,
      aspect: job.aspect,
      dsps: job.ref.dsps,
      topology: job.ref.topology,
      models: job.models.join(','),
      attempt: ctx.attempt,
    };
    log.info(fields, 'job started');
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    try {
      const result = await processor(job, ctx);
      jobsFinished.inc({ aspect: job.aspect, outcome: 'complete', code: '' });
      jobSeconds.observe({ aspect: job.aspect, models: fields.models }, seconds());
      log.info({ ...fields, duration_ms: Math.round(seconds() * 1000) }, 'job completed');
      return result;
    } catch (err) {
      const { code, message } = toErrorBody(err);
      jobsFinished.inc({ aspect: job.aspect, outcome: 'failed', code });
      jobSeconds.observe({ aspect: job.aspect, models: fields.models }, seconds());
      log.warn({ ...fields, duration_ms: Math.round(seconds() * 1000), code, error: message }, 'job failed');
      throw err;
    }
  };
}
