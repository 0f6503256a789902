import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { TopologySnapshot } from './topology-snapshot.js';

/**
 * An exact fingerprint of a snapshot: SHA-256 (base64url, 22 characters) of its canonical JSON (RFC 8785, so
 * key order does not matter). Unlike {@link canonicalPlanHash} it changes with anything — instance ids,
 * container numbering, stream managers — because a graph built from the snapshot carries those ids; the
 * graph is rebuilt exactly when it changes.
 */
export function snapshotFingerprint(snapshot: TopologySnapshot): string {
  const text = canonicalize(sortedSnapshot(snapshot));
  if (text === undefined) throw new TypeError('snapshot is not serialisable');
  return createHash('sha256').update(text).digest('base64url').slice(0, 22);
}

// Arrays whose order is not meaningful are sorted, so two builds of the same plans fingerprint alike.
function sortedSnapshot(snapshot: TopologySnapshot): unknown {
  return {
    ...snapshot,
    streams: [...snapshot.streams]
      .map((s) => canonicalize(s) ?? '')
      .sort()
      .map((s) => JSON.parse(s) as unknown),
  };
}
