import { ApiError } from '../../src/ui/shared/api-client.js';
import { rememberApiKey } from '../api-key.js';
import { h } from '../dom.js';

/** An API error as a person reads it: the `code` and the `message`, never a blank page. */
export function errorBox(err: unknown): HTMLElement {
  const code = err instanceof ApiError ? err.code : 'CONSOLE_ERROR';
  const message = err instanceof Error ? err.message : String(err);
  const status = err instanceof ApiError && err.status > 0 ? ` (HTTP ${err.status})` : '';
  const box = h(
    'div',
    { class: 'error', role: 'alert' },
    h('strong', { class: 'code' }, code),
    status,
    ': ',
    message,
  );
  // An augur off loopback wants a key: ask for it here rather than leave the page refused.
  if (code === 'UNAUTHORIZED' || code === 'FORBIDDEN') box.append(apiKeyForm());
  return box;
}

function apiKeyForm(): HTMLFormElement {
  const input = h('input', {
    type: 'password',
    name: 'api-key',
    placeholder: 'API key',
    autocomplete: 'off',
  });
  const form = h('form', { class: 'api-key' }, input, h('button', { type: 'submit' }, 'Use this key'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    rememberApiKey(input.value);
    location.reload();
  });
  return form;
}
