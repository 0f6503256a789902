import { isIP } from 'node:net';
import type { AuthSettings } from '../../config/auth-schema.js';
import { AppError } from '../../errors.js';

/** True for an address only this machine reaches: 127.0.0.0/8, ::1, `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (bare === 'localhost' || bare === '::1') return true;
  return isIP(bare) === 4 && bare.startsWith('127.');
}

/**
 * Whether requests must carry a key: `required` always, `off` never, `auto` unless the API listens on
 * loopback only.
 * @throws AppError `CONFIG_INVALID` when keys are required and none is configured (nobody could call it)
 */
export function authRequired(auth: AuthSettings, host: string): boolean {
  const required = auth.mode === 'required' || (auth.mode === 'auto' && !isLoopbackHost(host));
  if (required && auth.keys.length === 0) {
    throw new AppError(
      'CONFIG_INVALID',
      `server.auth: the API listens on ${host}, so it needs API keys (server.auth.keys, each a name, the key's ` +
        'sha256 and its scopes); set server.auth.mode: off to serve it without keys on a trusted network',
    );
  }
  return required;
}
