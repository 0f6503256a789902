import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { Aspect } from '../models/aspect.js';
import type { TopologyRef } from '../topology/topology-ref.js';

/** Base64url characters of the hash kept in an id: 22 × 6 = 132 bits. */
const HASH_CHARS = 22;

/** `<aspect>-<22 base64url chars>`: URL-safe, never all digits, no `:` (it names a BullMQ job and Redis keys). */
export const MODEL_ID_PATTERN = /^(traffic|topology|scaling|graph)-[A-Za-z0-9_-]{22}$/;

export interface ModelIdInput {
  aspect: Aspect;
  ref: TopologyRef;
  params: Record<string, unknown>;
  models: readonly string[];
  /** Whole minute of the request, Unix seconds: the same request within a minute shares one id. */
  requestedAtSec: number;
}

/**
 * The deterministic id of a model request: SHA-256 of its canonical JSON (RFC 8785, so key order and
 * number spelling do not matter), truncated and base64url-encoded, prefixed with the aspect.
 *
 * @example modelIdOf({...}) // 'traffic-3q2L0a…'
 */
export function modelIdOf(input: ModelIdInput): string {
  const canonical = canonicalize({
    aspect: input.aspect,
    dsps: input.ref.dsps,
    cluster: input.ref.cluster,
    environ: input.ref.environ,
    role: input.ref.role ?? null,
    topology: input.ref.topology,
    params: input.params,
    models: input.models,
    requestedAtSec: input.requestedAtSec,
  });
  if (canonical === undefined) throw new TypeError('model id input is not serialisable');
  const hash = createHash('sha256').update(canonical).digest('base64url').slice(0, HASH_CHARS);
  return `${input.aspect}-${hash}`;
}

/** Floors a time to its whole minute, Unix seconds. */
export function wholeMinuteSec(nowMs: number): number {
  return Math.floor(nowMs / 60_000) * 60;
}
