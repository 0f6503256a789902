import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import {
  errorBodyOfReason,
  failedResultOf,
  failureReasonOf,
  isRetryable,
} from '../../src/jobs/job-failure.js';
import { jobData } from './job-queue-contract.js';

describe('job failures', () => {
  it.each([
    ['a retryable AppError', new AppError('METRICS_UNAVAILABLE'), true],
    ['JOB_TIMEOUT', new AppError('JOB_TIMEOUT'), true],
    ['a permanent AppError', new AppError('NO_METRICS'), false],
    ['a bug', new TypeError('x is undefined'), false],
    ['a thrown string', 'oops', false],
  ])('%s is retryable: %s', (_name, err, expected) => {
    expect(isRetryable(err)).toBe(expected);
  });

  it('writes a failedReason that reads back as the same code and message', () => {
    const reason = failureReasonOf(new AppError('TOPOLOGY_NOT_FOUND', 'no topology "wc"'));
    expect(reason).toBe('[TOPOLOGY_NOT_FOUND] no topology "wc"');
    expect(errorBodyOfReason(reason)).toEqual({ code: 'TOPOLOGY_NOT_FOUND', message: 'no topology "wc"' });
  });

  it('names a bug in the failedReason for operators, but never to clients', () => {
    const reason = failureReasonOf(new TypeError('x is undefined'));
    expect(reason).toBe('[INTERNAL] TypeError: x is undefined');
    expect(errorBodyOfReason(reason)).toEqual({ code: 'INTERNAL', message: 'Internal error' });
  });

  it.each([
    ['an unknown code', '[NOT_A_CODE] something'],
    ['no reason', undefined],
  ])('reads %s as INTERNAL', (_name, reason) => {
    expect(errorBodyOfReason(reason)).toEqual({ code: 'INTERNAL', message: 'Internal error' });
  });

  it('builds the failed result document from the job', () => {
    const job = jobData();
    const failedAt = new Date('2026-01-02T03:06:00.000Z');
    expect(failedResultOf(job, { code: 'NO_METRICS', message: 'none' }, failedAt)).toEqual({
      model_id: job.modelId,
      status: 'failed',
      aspect: 'traffic',
      dsps: 'heron',
      topology_id: 'word-count',
      created_at: job.createdAt,
      failed_at: '2026-01-02T03:06:00.000Z',
      error: { code: 'NO_METRICS', message: 'none' },
    });
  });

  it("reads BullMQ's stalled-too-often reason as WORKER_LOST", () => {
    expect(errorBodyOfReason('job stalled more than allowable limit').code).toBe('WORKER_LOST');
  });
});
