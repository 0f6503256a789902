import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { EmbeddedJobQueue } from '../../src/jobs/embedded-job-queue.js';
import { completeResultOf, describeJobQueueContract, jobData } from './job-queue-contract.js';

describeJobQueueContract('embedded', (config) => new EmbeddedJobQueue(config));

describe('EmbeddedJobQueue', () => {
  it('refuses work once closed', async () => {
    const queue = new EmbeddedJobQueue(parseConfig({}));
    await queue.close();

    await expect(queue.enqueue(jobData())).rejects.toMatchObject({ code: 'QUEUE_UNAVAILABLE' });
    await expect(queue.ping()).rejects.toMatchObject({ code: 'QUEUE_UNAVAILABLE' });
    expect(() => queue.startWorker(async (data) => completeResultOf(data))).toThrow(/closed/);
  });

  it('keeps its own copy of the job data', async () => {
    const queue = new EmbeddedJobQueue(parseConfig({}));
    try {
      const job = jobData();
      await queue.enqueue(job);
      job.ref.topology = 'changed-by-caller';

      expect(await queue.getStatus(job.modelId)).toMatchObject({
        state: 'pending',
        job: { ref: { topology: 'word-count' } },
      });
    } finally {
      await queue.close();
    }
  });
});
