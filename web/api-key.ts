import { useApiKey } from '../src/ui/shared/api-client.js';

/** Where the console keeps the key for this tab (session storage: gone when the tab closes). */
const STORAGE_KEY = 'augur.apiKey';

/** Sends the key this tab was given, if any, with every API request. */
export function restoreApiKey(): void {
  useApiKey(sessionStorage.getItem(STORAGE_KEY) ?? undefined);
}

/** Keeps `key` for this tab and sends it from now on; an empty key forgets it. */
export function rememberApiKey(key: string): void {
  if (key.trim()) sessionStorage.setItem(STORAGE_KEY, key.trim());
  else sessionStorage.removeItem(STORAGE_KEY);
  restoreApiKey();
}

/** True when this tab sends a key (a navigation could not: links that need one fetch instead). */
export function hasApiKey(): boolean {
  return sessionStorage.getItem(STORAGE_KEY) !== null;
}
