import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where `npm run build` leaves the console bundle: `<package>/dist/console` (the same from `src/` and `dist/`). */
export const UI_DIST_DIR = fileURLToPath(new URL('../../../dist/console/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export interface UiAsset {
  body: Buffer;
  contentType: string;
}

/** The built console files, read once (a handful of files, a few hundred kB): name → bytes. */
export function loadUiAssets(dir = UI_DIST_DIR): Map<string, UiAsset> {
  const assets = new Map<string, UiAsset>();
  if (!existsSync(dir)) return assets;
  for (const name of readdirSync(dir)) {
    const type = CONTENT_TYPES[extname(name)];
    if (type) assets.set(name, { body: readFileSync(join(dir, name)), contentType: type });
  }
  return assets;
}
