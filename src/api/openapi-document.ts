import type { Config } from '../config/config-schema.js';
import { createJobQueue } from '../jobs/create-job-queue.js';
import { createMetricsSources } from '../metrics/create-metrics-source.js';
import { loadModelRegistry } from '../models/model-registry.js';
import { buildApp } from './app.js';

/** The OpenAPI document of the API a configuration defines (limits and models appear in it). */
export async function openApiDocument(config: Readonly<Config>): Promise<unknown> {
  const queue = createJobQueue(config);
  const sources = createMetricsSources(config);
  const app = await buildApp({
    config,
    queue,
    registry: await loadModelRegistry(config),
    sources,
  });
  try {
    await app.ready();
    return app.swagger();
  } finally {
    await app.close();
    await queue.close();
    await Promise.all(Object.values(sources).map((s) => s.close?.()));
  }
}
