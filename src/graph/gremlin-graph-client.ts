import gremlin from 'gremlin';
import { AppError } from '../errors.js';
import {
  byId,
  type EdgeRecord,
  type ElementQuery,
  type GraphClient,
  type Properties,
  type PropertyValue,
  type VertexRecord,
} from './graph-client.js';

const { DriverRemoteConnection } = gremlin.driver;
const { traversal, statics: __, t, merge, direction, P } = gremlin.process;

type GraphTraversal = gremlin.process.GraphTraversal;
type GraphTraversalSource = gremlin.process.GraphTraversalSource;

export interface GremlinGraphClientOptions {
  /** WebSocket URL of the Gremlin Server, e.g. `ws://127.0.0.1:8182/gremlin`. */
  url: string;
  /** The traversal source the server binds. @defaultValue 'g' */
  traversalSource?: string;
  /** Elements per upsert request. @defaultValue 2000 */
  batchSize?: number;
}

/**
 * The graph on a TinkerPop Gremlin Server, through the `gremlin` npm client. Every request is a bytecode
 * traversal — no Gremlin script strings, so no value can inject code — and every write an idempotent
 * upsert: `inject(rows).unfold().as('row').mergeV(select('search'))` (or `mergeE`) with
 * `option(onCreate|onMatch, select('row').select('properties'))`, one request per batch of `batchSize`
 * elements, one batch at a time. Element ids are augur's strings, so the backend must accept user-supplied
 * ids (TinkerGraph with `vertexIdManager=ANY`, as scripts/gremlin-server configures it).
 *
 * Create it with {@link GremlinGraphClient.connect}; `close()` it, or the WebSocket keeps the process alive.
 */
export class GremlinGraphClient implements GraphClient {
  readonly backend = 'gremlin';
  readonly #connection: gremlin.driver.DriverRemoteConnection;
  readonly #g: GraphTraversalSource;
  readonly #batchSize: number;

  private constructor(connection: gremlin.driver.DriverRemoteConnection, batchSize: number) {
    this.#connection = connection;
    this.#g = traversal().withRemote(connection);
    this.#batchSize = batchSize;
  }

  /**
   * Connects and checks the server answers a traversal on the source.
   * @throws AppError `GRAPH_UNAVAILABLE` when it does not (not reachable, or no such traversal source).
   */
  static async connect(options: GremlinGraphClientOptions): Promise<GremlinGraphClient> {
    const batchSize = options.batchSize ?? 2000;
    if (!Number.isInteger(batchSize) || batchSize < 1)
      throw new RangeError('batchSize must be a whole number ≥ 1');
    const connection = new DriverRemoteConnection(options.url, {
      traversalSource: options.traversalSource ?? 'g',
    });
    const client = new GremlinGraphClient(connection, batchSize);
    try {
      await client.#run('ping', () => client.#g.inject(1).toList());
    } catch (err) {
      await connection.close().catch(() => {});
      throw err;
    }
    return client;
  }

  async upsertVertices(vertices: readonly VertexRecord[]): Promise<void> {
    await this.#inBatches(vertices, 'vertices', (batch) => {
      const rows = batch.map((v) => ({
        search: new Map<unknown, unknown>([
          [t.id, v.id],
          [t.label, v.label],
        ]),
        properties: propertyMap(v.properties),
      }));
      return this.#g
        .inject(rows)
        .unfold()
        .as('row')
        .mergeV(__.select('search'))
        .option(merge.onCreate, __.select('row').select('properties'))
        .option(merge.onMatch, __.select('row').select('properties'))
        .count()
        .next();
    });
  }

  async upsertEdges(edges: readonly EdgeRecord[]): Promise<void> {
    await this.#inBatches(edges, 'edges', (batch) => {
      const rows = batch.map((e) => ({
        search: new Map<unknown, unknown>([
          [t.id, e.id],
          [t.label, e.label],
          [direction.out, e.outV],
          [direction.in, e.inV],
        ]),
        properties: propertyMap(e.properties),
      }));
      return this.#g
        .inject(rows)
        .unfold()
        .as('row')
        .mergeE(__.select('search'))
        .option(merge.onCreate, __.select('row').select('properties'))
        .option(merge.onMatch, __.select('row').select('properties'))
        .count()
        .next();
    });
  }

  async vertices(query: ElementQuery): Promise<VertexRecord[]> {
    const rows = await this.#run('read vertices', () =>
      filtered(this.#g.V(...(query.ids ?? [])), query, query.ids)
        .elementMap()
        .toList<Map<unknown, unknown>>(),
    );
    return rows.map(vertexFromElementMap).sort(byId);
  }

  async edges(query: ElementQuery): Promise<EdgeRecord[]> {
    const rows = await this.#run('read edges', () =>
      filtered(this.#g.E(...(query.ids ?? [])), query, query.ids)
        .elementMap()
        .toList<Map<unknown, unknown>>(),
    );
    return rows.map(edgeFromElementMap).sort(byId);
  }

  async countVertices(query: ElementQuery): Promise<number> {
    return this.#run('count vertices', async () =>
      Number(
        (
          await filtered(this.#g.V(...(query.ids ?? [])), query, query.ids)
            .count()
            .next()
        ).value,
      ),
    );
  }

  async countEdges(query: ElementQuery): Promise<number> {
    return this.#run('count edges', async () =>
      Number(
        (
          await filtered(this.#g.E(...(query.ids ?? [])), query, query.ids)
            .count()
            .next()
        ).value,
      ),
    );
  }

  async dropVertices(query: ElementQuery): Promise<number> {
    // Two drops of one plan at once (two workers expiring it) can break TinkerGraph's non-atomic edge removal
    // ("edge is null"); a drop is idempotent, so once more finishes it.
    try {
      return await this.#dropOnce(query);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
      return this.#dropOnce(query);
    }
  }

  #dropOnce(query: ElementQuery): Promise<number> {
    // sideEffect(drop()) drops each vertex (and its edges) as it passes; count() still sees them all.
    return this.#run('drop vertices', async () =>
      Number(
        (
          await filtered(this.#g.V(...(query.ids ?? [])), query, query.ids)
            .sideEffect(__.drop())
            .count()
            .next()
        ).value,
      ),
    );
  }

  async close(): Promise<void> {
    await this.#connection.close();
  }

  /**
   * Sends `items` in batches of `batchSize`, one request at a time: TinkerGraph keeps each vertex's edges in
   * plain hash sets, so two batches merging edges of one vertex at once would corrupt them.
   */
  async #inBatches<T>(
    items: readonly T[],
    what: string,
    send: (batch: readonly T[]) => Promise<unknown>,
  ): Promise<void> {
    for (let i = 0; i < items.length; i += this.#batchSize) {
      const batch = items.slice(i, i + this.#batchSize);
      await this.#run(`upsert ${batch.length} ${what}`, () => send(batch));
    }
  }

  /** Runs one request; a failure says what augur was doing and keeps the driver's error as its cause. */
  async #run<T>(what: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      // Retryable: a job that meets a restarting or overloaded Gremlin Server tries again later.
      throw new AppError(
        'GRAPH_UNAVAILABLE',
        `Gremlin Server at ${this.#connection.url}: could not ${what}: ${reason}`,
        { cause: err },
      );
    }
  }
}

function filtered(
  start: GraphTraversal,
  query: ElementQuery,
  ids: readonly string[] | undefined,
): GraphTraversal {
  // `V()` with no id is every vertex; a query for no id at all matches nothing.
  let traversal = ids?.length === 0 ? start.limit(0) : start;
  const labels = query.labels ?? [];
  if (labels.length === 1) traversal = traversal.hasLabel(labels[0] as string);
  else if (labels.length > 1) traversal = traversal.hasLabel(P.within(...labels));
  for (const [key, value] of Object.entries(query.has ?? {})) traversal = traversal.has(key, value);
  return traversal;
}

function propertyMap(properties: Properties): Map<string, PropertyValue> {
  return new Map(Object.entries(properties));
}

function isEnum(key: unknown, typeName: string, elementName: string): boolean {
  return (
    key instanceof gremlin.process.EnumValue && key.typeName === typeName && key.elementName === elementName
  );
}

function splitElementMap(row: Map<unknown, unknown>): {
  id: string;
  label: string;
  properties: Properties;
  outV: string | undefined;
  inV: string | undefined;
} {
  let id = '';
  let label = '';
  let outV: string | undefined;
  let inV: string | undefined;
  const properties: Properties = {};
  for (const [key, value] of row) {
    if (isEnum(key, 'T', 'id')) id = String(value);
    else if (isEnum(key, 'T', 'label')) label = String(value);
    else if (isEnum(key, 'Direction', 'OUT')) outV = endId(value);
    else if (isEnum(key, 'Direction', 'IN')) inV = endId(value);
    else if (typeof key === 'string') properties[key] = value as PropertyValue;
  }
  return { id, label, properties, outV, inV };
}

/** An edge's end in an elementMap: a map of the end vertex's id and label. */
function endId(value: unknown): string {
  if (value instanceof Map) {
    for (const [key, v] of value) if (isEnum(key, 'T', 'id')) return String(v);
  }
  return String(value);
}

function vertexFromElementMap(row: Map<unknown, unknown>): VertexRecord {
  const { id, label, properties } = splitElementMap(row);
  return { id, label, properties };
}

function edgeFromElementMap(row: Map<unknown, unknown>): EdgeRecord {
  const { id, label, properties, outV = '', inV = '' } = splitElementMap(row);
  return { id, label, outV, inV, properties };
}
