import type { FastifyError } from 'fastify';
import type { ErrorCode } from '../../errors.js';

/** Fastify's own 4xx errors (body parsing, limits), in the table's codes, naming what was wrong. */
const FASTIFY_ERRORS: Record<string, { code: ErrorCode; message: (err: FastifyError) => string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    code: 'BAD_REQUEST',
    message: (err) => `body: not valid JSON (${err.message})`,
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'BAD_REQUEST',
    message: () => 'body: empty, but content-type is application/json',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'PAYLOAD_TOO_LARGE',
    message: (err) => `body: ${err.message.toLowerCase()}`,
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'BAD_REQUEST',
    message: () => 'content-length: does not match the body',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: (err) => `content-type: ${err.message}`,
  },
  FST_ERR_CTP_INVALID_TYPE: { code: 'BAD_REQUEST', message: () => 'content-type: must be a string' },
  FST_ERR_CTP_INVALID_PARSE_TYPE: { code: 'BAD_REQUEST', message: (err) => `body: ${err.message}` },
};

/**
 * The table's code and a message naming the field for a 4xx Fastify raised itself; any other 4xx is a
 * `BAD_REQUEST` with Fastify's message (a Fastify code such as `FST_ERR_…` never reaches a client).
 */
export function fastifyClientError(err: FastifyError): {
  code: ErrorCode;
  message: string;
  field?: string;
} {
  const known = err.code ? FASTIFY_ERRORS[err.code] : undefined;
  if (!known) return { code: 'BAD_REQUEST', message: err.message };
  const message = known.message(err);
  return { code: known.code, message, field: message.split(':')[0] };
}
