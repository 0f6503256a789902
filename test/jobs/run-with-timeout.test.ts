import { describe, expect, it } from 'vitest';
import { clampPercent, runWithTimeout } from '../../src/jobs/run-with-timeout.js';
import { completeResultOf, jobData, sleep } from './job-queue-contract.js';

describe('runWithTimeout', () => {
  it('returns what the processor returns in time', async () => {
    const job = jobData();
    const result = await runWithTimeout(async (data) => completeResultOf(data), job, ctx([]), 1000);
    expect(result.model_id).toBe(job.modelId);
  });

  it('rejects with JOB_TIMEOUT, and drops progress the abandoned attempt reports later', async () => {
    const reported: number[] = [];
    const started = Date.now();
    const attempt = runWithTimeout(
      async (data, c) => {
        await c.reportProgress(20);
        await sleep(300);
        await c.reportProgress(90);
        return completeResultOf(data);
      },
      jobData(),
      ctx(reported),
      100,
    );

    await expect(attempt).rejects.toMatchObject({ code: 'JOB_TIMEOUT', retryable: true });
    expect(Date.now() - started).toBeLessThan(290);
    await sleep(350);
    expect(reported).toEqual([20]);
  });

  it('turns a synchronous throw into a rejection', async () => {
    const boom = () => {
      throw new RangeError('sync');
    };
    await expect(runWithTimeout(boom, jobData(), ctx([]), 1000)).rejects.toThrow('sync');
  });

  it('pins progress to 0–100', async () => {
    const reported: number[] = [];
    await runWithTimeout(
      async (data, c) => {
        for (const p of [-5, 50.5, 250, Number.NaN]) await c.reportProgress(p);
        return completeResultOf(data);
      },
      jobData(),
      ctx(reported),
      1000,
    );
    expect(reported).toEqual([0, 50.5, 100, 0]);
    expect(clampPercent(Number.POSITIVE_INFINITY)).toBe(0);
  });
});

function ctx(reported: number[]) {
  return {
    attempt: 1,
    reportProgress: async (p: number) => {
      reported.push(p);
    },
  };
}
