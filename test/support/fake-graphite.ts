import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One stored Graphite series: its full path and `ts → value` (null = a gap Graphite keeps as null). */
export interface FakeGraphiteSeries {
  path: string;
  /** Unix seconds → value; `null` is answered as a null datapoint. */
  points: Map<number, number | null>;
}

export interface FakeGraphite {
  readonly url: string;
  /** Every `/render` request's query, in order. */
  readonly requests: URLSearchParams[];
  /** The next `count` requests answer HTTP `status` (default 503). */
  failNext(count: number, status?: number): void;
  close(): Promise<void>;
}

/**
 * A graphite-web `/render` stand-in on 127.0.0.1 (free port) answering in Graphite's real JSON format:
 * `[{"target": "<path>", "tags": {"name": "<path>"}, "datapoints": [[value|null, ts], …]}]`, one datapoint
 * per `stepSec` from `from` to `until` (null where nothing is stored, as Graphite fills whisper gaps).
 * Targets are plain paths with Graphite's globs: `*` within a node and `{a,b}` alternatives. A target with
 * unbalanced parentheses answers 400, as graphite-web does for a target it cannot parse.
 */
export async function startFakeGraphite(series: FakeGraphiteSeries[], stepSec = 60): Promise<FakeGraphite> {
  const requests: URLSearchParams[] = [];
  const failures: number[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push(url.searchParams);
    const failure = failures.shift();
    if (failure) {
      res.writeHead(failure, { 'content-type': 'text/html' }).end('<h1>error</h1>');
      return;
    }
    if (url.pathname !== '/render') {
      res.writeHead(404).end();
      return;
    }
    const targets = url.searchParams.getAll('target');
    const from = Number(url.searchParams.get('from'));
    const until = Number(url.searchParams.get('until'));
    if (targets.some((t) => (t.match(/\(/g)?.length ?? 0) !== (t.match(/\)/g)?.length ?? 0))) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('invalid target');
      return;
    }
    const now = Math.floor(Date.now() / 1000);
    const start = Number.isFinite(from) ? from : now - 86_400;
    const end = Number.isFinite(until) ? until : now;
    const answer = [];
    for (const target of targets) {
      const pattern = globToRegExp(target);
      for (const s of series) {
        if (!pattern.test(s.path)) continue;
        const datapoints: Array<[number | null, number]> = [];
        // Graphite starts at the first step boundary after `from`.
        for (let ts = Math.floor(start / stepSec) * stepSec + stepSec; ts <= end; ts += stepSec) {
          datapoints.push([s.points.get(ts) ?? null, ts]);
        }
        answer.push({ target: s.path, tags: { name: s.path }, datapoints });
      }
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext(count, status = 503) {
      for (let i = 0; i < count; i += 1) failures.push(status);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i += 1) {
    const c = glob[i] ?? '';
    if (c === '*') re += '[^.]*';
    else if (c === '{') {
      const close = glob.indexOf('}', i);
      re += `(?:${glob
        .slice(i + 1, close)
        .split(',')
        .map((alt) => alt.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('|')})`;
      i = close;
    } else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
