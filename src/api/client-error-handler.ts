import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

/** The query parameter (or the path) holding the first byte Node's HTTP parser refuses in a URL. */
function badPartOf(rawPacket: Buffer): { field: string; value: string } | undefined {
  const requestLine = rawPacket.toString('latin1').split('\r\n')[0];
  const target = requestLine?.split(' ')[1];
  if (!target) return undefined;
  const illegal = /[^\x21-\x7e]/;
  const [path = '', query = ''] = target.split(/\?(.*)/s);
  if (illegal.test(path)) return { field: 'path', value: path };
  for (const pair of query.split('&')) {
    const [name = '', value = ''] = pair.split(/=(.*)/s);
    if (illegal.test(pair)) {
      return { field: `query.${name}`, value: Buffer.from(value, 'latin1').toString('utf8') };
    }
  }
  return undefined;
}

/**
 * Requests Node rejects before Fastify sees them (a URL with a raw `…` or space, e.g. the README's
 * `model_id=traffic-…` pasted as is) get the API's error form naming the parameter, not Node's bare
 * "Client Error".
 */
export function clientErrorHandler(err: Error & { code?: string; rawPacket?: unknown }, socket: Socket) {
  if (!socket.writable) return socket.destroy();
  // Always the table's BAD_REQUEST (400), header overflow included: a client error is a 4xx naming the part.
  const bad = Buffer.isBuffer(err.rawPacket) ? badPartOf(err.rawPacket) : undefined;
  const message = bad
    ? `${bad.field}: "${bad.value}" has characters a URL cannot carry unencoded (spaces, "…", non-ASCII)` +
      (bad.field === 'query.model_id' ? '; use the model_id (or status_url) a request answered' : '')
    : err.code === 'HPE_HEADER_OVERFLOW'
      ? 'headers: too large'
      : 'request: not a valid HTTP request';
  const payload = JSON.stringify({
    statusCode: 400,
    code: 'BAD_REQUEST',
    error: STATUS_CODES[400],
    message,
    ...(bad ? { details: { field: bad.field } } : {}),
  });
  socket.end(
    `HTTP/1.1 400 ${STATUS_CODES[400]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(payload)}\r\nConnection: close\r\n\r\n${payload}`,
  );
}
