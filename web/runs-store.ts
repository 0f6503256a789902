/** The model runs this browser asked for, newest first (the API keeps results by id, not a list). */
export interface RunRecord {
  modelId: string;
  dsps: string;
  topology: string;
  /** What was asked: the request path and query, as sent. */
  request: string;
  status: 'pending' | 'complete' | 'failed';
  atIso: string;
}

const KEY = 'augur.runs';
const MAX_RUNS = 200;

export function listRuns(): RunRecord[] {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '[]') as RunRecord[];
  } catch {
    return [];
  }
}

export function recordRun(run: RunRecord): void {
  const runs = listRuns().filter((r) => r.modelId !== run.modelId);
  localStorage.setItem(KEY, JSON.stringify([run, ...runs].slice(0, MAX_RUNS)));
}

export function updateRunStatus(modelId: string, status: RunRecord['status']): void {
  const runs = listRuns().map((r) => (r.modelId === modelId ? { ...r, status } : r));
  localStorage.setItem(KEY, JSON.stringify(runs));
}
