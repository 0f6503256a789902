import { readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';

/** The extension of a stored answer: the URL path `/api/v1/topology/summary` is `<dir>/api/v1/topology/summary.json`. */
export const STORED_ANSWER_EXTENSION = '.json';

/** A URL path that can name a stored answer, or why not. */
export type DirectoryPathResult = { ok: true; file: string } | { ok: false; reason: string };

/**
 * The file under `dir` that stores the answer to `urlPath` (`/api/v1/topology/summary` →
 * `<dir>/api/v1/topology/summary.json`): each path segment percent-decoded, so a topology id or component
 * name the client encoded maps to the file named by the raw id. Refuses, without touching the disk, a path
 * that could leave `dir`: a `.` or `..` segment (written plainly or percent-encoded), a segment that decodes
 * to a separator or NUL, an empty segment, or one that is not valid percent-encoding.
 *
 * @param dir the directory of stored answers (resolved to an absolute path)
 * @param urlPath the request's path as sent, before any `..` normalisation, e.g. `/api/v1/topology/summary`
 */
export function directoryFilePath(dir: string, urlPath: string): DirectoryPathResult {
  const root = resolve(dir);
  if (!urlPath.startsWith('/')) return { ok: false, reason: 'the path is not absolute' };
  const segments: string[] = [];
  for (const raw of urlPath.slice(1).split('/')) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { ok: false, reason: `"${raw}" is not valid percent-encoding` };
    }
    if (segment === '' || segment === '.' || segment === '..' || /[/\\\0]/.test(segment)) {
      return { ok: false, reason: `"${raw}" cannot be a path segment of a stored answer` };
    }
    segments.push(segment);
  }
  const file = join(root, ...segments) + STORED_ANSWER_EXTENSION;
  // Belt and braces: whatever the segments were, the file must lie inside the directory.
  const inside = relative(root, file);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || resolve(root, inside) !== file) {
    return { ok: false, reason: 'the path leaves the directory' };
  }
  return { ok: true, file };
}

/**
 * A `fetch` that answers GET requests from a directory of stored JSON answers instead of the network, so an
 * HTTP client and its parsers read a captured (or generated) directory exactly as they read the live service:
 *
 * - the request URL's path names the file (see {@link directoryFilePath}); host and query are ignored (a
 *   directory holds one answer per path, e.g. the Storm UI's pages for the window they were captured with);
 * - a stored file answers 200 with its bytes as `application/json`;
 * - a missing file answers 404 `{"error": "Not Found", "errorMessage": "…"}`, as Storm 2's UI answers an
 *   unknown topology or component;
 * - a path that could leave the directory answers 400 `{"error": "Bad Request", …}`; a method other than GET
 *   answers 405;
 * - a file that exists but cannot be read (permissions, a directory of that name) answers 500, so the
 *   caller sees it as a broken server rather than a missing answer.
 *
 * Never throws for a request it can answer; only an aborted signal rejects, as `fetch` does.
 *
 * @param dir the directory of stored answers
 */
export function directoryFetch(dir: string): typeof fetch {
  const root = resolve(dir);
  return async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    init?.signal?.throwIfAborted();
    const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    if (method !== 'GET') {
      return json(405, {
        error: 'Method Not Allowed',
        errorMessage: `${method} is not served from a directory`,
      });
    }
    const target = directoryFilePath(root, rawPathOf(href));
    if (!target.ok) return json(400, { error: 'Bad Request', errorMessage: target.reason });
    let text: string;
    try {
      text = await readFile(target.file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        return json(404, { error: 'Not Found', errorMessage: `${rawPathOf(href)} not found` });
      }
      return json(500, {
        error: 'Internal Server Error',
        errorMessage: `cannot read the stored answer (${code})`,
      });
    }
    return new Response(text, { status: 200, headers: { 'content-type': 'application/json' } });
  };
}

/**
 * The path of a URL exactly as written, before the WHATWG parser resolves `..` segments (which would hide
 * them): what follows the authority of `scheme://authority`, up to any query or fragment.
 */
function rawPathOf(href: string): string {
  const match = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*([^?#]*)/.exec(href);
  const path = match ? match[1] : href.split(/[?#]/, 1)[0];
  return path === undefined || path === '' ? '/' : path;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}
