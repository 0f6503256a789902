import { ApiError, type ResultDocument, requestJson, runModel } from '../src/ui/shared/api-client.js';
import { recordRun, updateRunStatus } from './runs-store.js';
import { progressBar } from './views/progress-bar.js';

/** The console talks to the augur that served it. */
export const BASE = location.origin;

export const getJson = <T>(path: string) => requestJson<T>(BASE, path);

export interface ModelCall {
  label: string;
  dsps: string;
  topology: string;
  path: string;
  method?: 'GET' | 'POST';
  body?: string;
}

/**
 * Runs a model through the public API with a progress bar in `progressHost`, and records the run so it
 * shows under "Model runs".
 */
export async function runWithProgress(call: ModelCall, progressHost: HTMLElement): Promise<ResultDocument> {
  const bar = progressBar(call.label);
  progressHost.append(bar.el);
  let modelId: string | undefined;
  try {
    const doc = await runModel(BASE, call.path, {
      method: call.method,
      body: call.body,
      onAccepted: (id) => {
        modelId = id;
        recordRun({
          modelId: id,
          dsps: call.dsps,
          topology: call.topology,
          request: `${call.method ?? 'GET'} ${call.path}`,
          status: 'pending',
          atIso: new Date().toISOString(),
        });
      },
      onProgress: (percent, status) => bar.update(percent, status),
    });
    updateRunStatus(doc.model_id, 'complete');
    return doc;
  } catch (err) {
    if (modelId && err instanceof ApiError) updateRunStatus(modelId, 'failed');
    throw err;
  } finally {
    bar.done();
  }
}

/** `?a=1&b=2` from an object, leaving out empty values. */
export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
