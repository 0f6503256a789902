import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiKeySettings, ApiScope } from '../../config/auth-schema.js';

export interface ApiKeyHolder {
  name: string;
  scopes: readonly ApiScope[];
}

/** `Authorization: Bearer <key>` or `x-api-key: <key>`; undefined when the request carries neither. */
export function presentedKey(headers: Record<string, string | string[] | undefined>): string | undefined {
  const authorization = headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (match) return match[1];
  }
  const header = headers['x-api-key'];
  return typeof header === 'string' && header.length > 0 ? header : undefined;
}

/**
 * The holder of a presented key, compared by SHA-256 against every configured hash in constant time (no
 * early exit, so timing says nothing about which key came close).
 */
export function keyHolderOf(key: string, keys: readonly ApiKeySettings[]): ApiKeyHolder | undefined {
  const presented = createHash('sha256').update(key, 'utf8').digest();
  let holder: ApiKeyHolder | undefined;
  for (const k of keys) {
    if (timingSafeEqual(presented, Buffer.from(k.sha256, 'hex')) && !holder) {
      holder = { name: k.name, scopes: k.scopes };
    }
  }
  return holder;
}

/** What `admin` and `model` imply: an admin may also ask for models and read, a modeller may read. */
export function grants(scopes: readonly ApiScope[], needed: ApiScope): boolean {
  const rank: Record<ApiScope, number> = { read: 0, model: 1, admin: 2 };
  return scopes.some((s) => s === needed || rank[s] > rank[needed]);
}
