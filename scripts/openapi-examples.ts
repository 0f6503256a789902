/**
 * The example answers of the OpenAPI document: each operation asked for real on the shipped examples (augur
 * as `npm start` runs it), then made stable — model ids and timestamps replaced by fixed ones, model timings
 * fixed, numbers to 6 significant digits, arrays cut to their first 3 items — so `npm run openapi:write`
 * writes the same file on any machine and a test can check it is current.
 */
import { readFileSync } from 'node:fs';
import type { OperationExamples } from '../src/api/openapi-contract.js';

// biome-ignore lint/suspicious/noExplicitAny: answers are JSON
type Json = any;

const FIXED_TIME = '2026-11-02T12:00:00.000Z';
const TIME_FIELDS = new Set(['created_at', 'completed_at', 'failed_at']);
const MAX_ARRAY_ITEMS = 3;

const HERON = 'heron/WordCountTopology';
const STORM = 'storm/storm-word-count';

/** Asks every operation on a running augur at `baseUrl` and returns its answers, made stable. */
export async function collectOperationExamples(baseUrl: string): Promise<OperationExamples> {
  // Each request's id becomes `<aspect>-Example<n>` by the request's place in this list (whatever the
  // minute it was made in); any other id, one fixed placeholder.
  const ids = new Map<string, string>();
  const exampleId = (aspect: string, n: number | string) => `${aspect}-${`Example${n}`.padEnd(22, '0')}`;
  const stableId = (id: string) => ids.get(id) ?? exampleId(id.slice(0, id.indexOf('-')), 'X');
  const stable = (value: Json, key?: string): Json => {
    if (typeof value === 'string') {
      if (key && TIME_FIELDS.has(key)) return FIXED_TIME;
      return value.replace(/(?<![\w-])(?:traffic|topology|scaling|graph)-[\w-]{22}(?![\w-])/g, stableId);
    }
    if (typeof value === 'number') {
      if (key === 'calculation_time') return 0.01;
      return Number.isInteger(value) ? value : Number(value.toPrecision(6));
    }
    if (Array.isArray(value)) return value.slice(0, MAX_ARRAY_ITEMS).map((v) => stable(v));
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stable(v, k)]));
    return value;
  };

  const call = async (method: 'GET' | 'POST', path: string, body?: { type: string; data: string }) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      ...(body ? { body: body.data, headers: { 'content-type': body.type } } : {}),
    });
    return { status: res.status, body: (await res.json()) as Json };
  };
  const complete = async (statusUrl: string) => {
    const res = await call('GET', `${statusUrl}&wait=30`);
    if (res.status !== 200 || res.body.status !== 'complete')
      throw new Error(`${statusUrl}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    return res.body;
  };
  const json = (file: string) => ({ type: 'application/json', data: readFileSync(file, 'utf8') });

  const examples: Record<string, Record<string, Json>> = {};
  const put = (operation: string, status: number, body: Json) => {
    examples[operation] ??= {};
    examples[operation][String(status)] = stable(body);
  };
  /** A model request: its 202, and the complete result at its poll operation. */
  const model = async (
    operation: string,
    path: string,
    poll: string,
    body?: { type: string; data: string },
  ) => {
    const [method] = operation.split(' ') as ['GET' | 'POST'];
    const accepted = await call(method, path, body);
    if (accepted.status !== 202)
      throw new Error(`${path}: ${accepted.status} ${JSON.stringify(accepted.body)}`);
    const realId: string = accepted.body.model_id;
    ids.set(realId, exampleId(realId.slice(0, realId.indexOf('-')), ids.size + 1));
    put(operation, 202, accepted.body);
    const result = await complete(accepted.body.status_url);
    if (!examples[poll]?.['200']) put(poll, 200, result);
  };

  put('GET /health', 200, (await call('GET', '/health')).body);
  put('GET /topologies/{dsps}', 200, (await call('GET', '/topologies/heron')).body);
  put('GET /topologies/{dsps}/{topology}', 200, (await call('GET', `/topologies/${HERON}`)).body);
  put(
    'GET /model/traffic/{dsps}/model_info',
    200,
    (await call('GET', '/model/traffic/heron/model_info')).body,
  );
  put(
    'GET /model/topology/{dsps}/model_info',
    200,
    (await call('GET', '/model/topology/heron/model_info')).body,
  );

  const traffic = 'GET /model/traffic/{dsps}/{topology}';
  await model(traffic, `/model/traffic/${HERON}?duration=2&units=h`, traffic);
  put(traffic, 400, (await call('GET', `/model/traffic/${HERON}?duration=-1`)).body);
  put(traffic, 404, (await call('GET', '/model/traffic/heron/NoSuchTopology')).body);
  const backtest = 'GET /model/traffic/{dsps}/{topology}/backtest';
  await model(backtest, `/model/traffic/${HERON}/backtest?horizon=30`, backtest);

  const topologyPoll = 'GET /model/topology/{dsps}/{topology}';
  await model(
    'GET /model/topology/{dsps}/current/{topology}',
    '/model/topology/heron/current/WordCountTopology?sentence=150',
    topologyPoll,
  );
  await model(
    'POST /model/topology/{dsps}/proposed/{topology}',
    '/model/topology/heron/proposed/WordCountTopology?sentence=150',
    topologyPoll,
    json('examples/plans/word-count.json'),
  );
  const scaling = 'GET /model/scaling/{dsps}/{topology}';
  await model(scaling, `/model/scaling/${HERON}?sentence=600`, scaling);
  const graph = 'GET /model/graph/{dsps}/{topology}';
  await model(graph, `/model/graph/${HERON}?sentence=150`, graph);
  await model(
    'POST /model/graph/{dsps}/{topology}/proposed',
    `/model/graph/${STORM}/proposed?sentence=150`,
    graph,
    json('examples/plans/storm-word-count.json'),
  );
  return examples;
}
