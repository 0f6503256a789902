import { ApiError } from '../../src/ui/shared/api-client.js';
import { h } from '../dom.js';

/** An API error as a person reads it: the `code` and the `message`, never a blank page. */
export function errorBox(err: unknown): HTMLElement {
  const code = err instanceof ApiError ? err.code : 'CONSOLE_ERROR';
  const message = err instanceof Error ? err.message : String(err);
  const status = err instanceof ApiError && err.status > 0 ? ` (HTTP ${err.status})` : '';
  return h(
    'div',
    { class: 'error', role: 'alert' },
    h('strong', { class: 'code' }, code),
    status,
    ': ',
    message,
  );
}
