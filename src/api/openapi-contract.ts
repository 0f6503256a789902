/**
 * What the routes' zod schemas cannot say in the OpenAPI document, added once it is generated: a named
 * description per response status, the free-form spout-rate query parameters (so Swagger UI's "Try it out"
 * can send `?sentence=150`), one component per schema instead of an `XInput` twin, and an example answer per
 * operation from a real run on the shipped examples (scripts/write-openapi.ts).
 */

/** Example answers by operation: `'GET /model/traffic/{dsps}/{topology}'` → status → the answer. */
export type OperationExamples = Record<string, Record<string, unknown>>;

// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document is plain JSON being edited
type Json = any;

/** Response descriptions by status; `200` of a poll route is described apart. */
const RESPONSE_DESCRIPTIONS: Record<string, string> = {
  200: 'OK',
  202: 'Accepted (or, polling, still pending or running): poll `status_url`; `Retry-After` says when',
  400: 'A parameter or the body is invalid (`BAD_REQUEST`, `UNKNOWN_DSPS`, `UNKNOWN_MODEL`); `message` and `details.field` name it',
  401: 'No API key, or one that is not configured (`UNAUTHORIZED`)',
  403: "The key's scopes do not include the one the route needs (`FORBIDDEN`)",
  404: 'Not found: the metrics source does not know the topology (`TOPOLOGY_NOT_FOUND`) or no result has this `model_id` (`MODEL_NOT_FOUND`)',
  409: 'Not possible in this configuration (`AUTOSCALER_DISABLED`)',
  413: 'The body is larger than the route accepts (`PAYLOAD_TOO_LARGE`)',
  415: "The body's content type is not one the route accepts (`UNSUPPORTED_MEDIA_TYPE`)",
  429: 'Too many requests (`RATE_LIMITED`); `Retry-After` says when to retry',
  500: 'An internal error (`INTERNAL`); details are logged, never sent',
  501: 'No metrics source is configured for this stream-processing system (`DSPS_NOT_SUPPORTED`)',
  503: 'A dependency is unavailable or the API is shedding load (`QUEUE_UNAVAILABLE`, `METRICS_UNAVAILABLE`, `OVERLOADED`); `Retry-After`',
};
const POLL_200 =
  'The result: `status: "complete"` with each model\'s typed `results`, or `status: "failed"` with the `error` (code and message)';

/** Routes whose query takes spout rates besides their named parameters. */
const SPOUT_RATE_PATHS = [
  '/model/topology/{dsps}/current/{topology}',
  '/model/topology/{dsps}/proposed/{topology}',
  '/model/graph/{dsps}/{topology}',
  '/model/graph/{dsps}/{topology}/proposed',
  '/model/scaling/{dsps}/{topology}',
];

/** The spout rates as one exploded form object: `{"sentence": "150"}` is sent as `?sentence=150`. */
export const SPOUT_RATES_PARAMETER = {
  name: 'spout_rates',
  in: 'query',
  required: false,
  style: 'form',
  explode: true,
  description:
    'Offered spout rates, tuples/s per spout instance, as free-form query parameters (this object is ' +
    'exploded: `{"sentence": "150"}` is sent as `?sentence=150`). Either `<spout component>=<rate>` for ' +
    'every spout (`sentence=150`), or one per spout instance: Heron by task id (`5=141&6=154&7=149`), Storm by ' +
    "the executor's task range (`1-2=141&3-4=154`). None: the measured rates. `GET /topologies/{dsps}/{topology}` " +
    'lists each instance with its `rate_key`.',
  schema: {
    type: 'object',
    additionalProperties: { type: 'string', pattern: '^[+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?$' },
  },
  examples: {
    byComponent: { summary: 'every sentence instance at 150 tuples/s', value: { sentence: '150' } },
    heronByTaskId: { summary: 'Heron, per task id', value: { 5: '141', 6: '154', 7: '149' } },
    stormByTaskRange: { summary: 'Storm, per executor task range', value: { '1-2': '141', '3-4': '154' } },
  },
};

/** The generated document, completed (in place, and returned). */
export function refineOpenApi(doc: Json, examples: OperationExamples = {}): Json {
  mergeInputTwins(doc);
  for (const [path, item] of Object.entries<Json>(doc.paths ?? {})) {
    for (const [method, operation] of Object.entries<Json>(item)) {
      const responses = operation.responses ?? {};
      const isPoll = JSON.stringify(responses['200'] ?? {}).includes('FailedResult');
      for (const [status, response] of Object.entries<Json>(responses)) {
        if (response.description === 'Default Response' || !response.description) {
          response.description =
            status === '200' && isPoll ? POLL_200 : (RESPONSE_DESCRIPTIONS[status] ?? `HTTP ${status}`);
        }
        const example = examples[`${method.toUpperCase()} ${path}`]?.[status];
        const media = response.content?.['application/json'];
        if (example !== undefined && media) media.example = example;
      }
      if (SPOUT_RATE_PATHS.includes(path)) {
        operation.parameters = [...(operation.parameters ?? []), SPOUT_RATES_PARAMETER];
      }
    }
  }
  return doc;
}

/**
 * zod writes a schema used for input and output twice (`X` and `XInput`); where both say the same, the
 * document keeps `X` and points every reference at it, and an `XInput` nothing refers to is dropped.
 */
function mergeInputTwins(doc: Json): void {
  const schemas: Record<string, Json> | undefined = doc.components?.schemas;
  if (!schemas) return;
  const refOf = (name: string) => `#/components/schemas/${name}`;
  const twins = Object.keys(schemas).filter(
    (name) => name.endsWith('Input') && schemas[name.slice(0, -'Input'.length)] !== undefined,
  );
  // A twin merges when it equals its output schema with the merged twins' references renamed: start from
  // all, drop those that differ, until none does.
  let merged = twins;
  for (;;) {
    const rename = (text: string) =>
      merged.reduce((t, twin) => t.replaceAll(`"${refOf(twin)}"`, `"${refOf(twin.slice(0, -5))}"`), text);
    const kept = merged.filter(
      (input) => rename(JSON.stringify(schemas[input])) === JSON.stringify(schemas[input.slice(0, -5)]),
    );
    if (kept.length === merged.length) break;
    merged = kept;
  }
  for (const name of merged) delete schemas[name];
  // zod's input twins of response-only schemas: nothing refers to them
  for (let removed = true; removed; ) {
    removed = false;
    for (const name of Object.keys(schemas).filter((n) => n.endsWith('Input'))) {
      const { [name]: own, ...rest } = schemas;
      const elsewhere = JSON.stringify({ ...doc, components: { ...doc.components, schemas: rest } });
      if (!elsewhere.includes(`"${refOf(name)}"`)) {
        delete schemas[name];
        removed = true;
      }
    }
  }
  if (merged.length === 0) return;
  let text = JSON.stringify(doc);
  for (const name of merged) text = text.replaceAll(`"${refOf(name)}"`, `"${refOf(name.slice(0, -5))}"`);
  Object.assign(doc, JSON.parse(text));
}
