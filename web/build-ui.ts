import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const WEB_DIR = fileURLToPath(new URL('.', import.meta.url));
/** The directory the API serves at /ui (src/ui/server/ui-assets.ts). */
export const CONSOLE_OUT_DIR = fileURLToPath(new URL('../dist/console/', import.meta.url));

/**
 * Bundles the console (app.js + app.css) and the report script (report.js) with esbuild, minified, for
 * browsers of the last few years; every library is inside the bundle, nothing comes from a CDN.
 * @returns bytes of each file written
 */
export async function buildUi(outDir = CONSOLE_OUT_DIR): Promise<Record<string, number>> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: { app: join(WEB_DIR, 'main.ts'), report: join(WEB_DIR, 'report.ts') },
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    outdir: outDir,
    legalComments: 'none',
    logLevel: 'warning',
  });
  copyFileSync(join(WEB_DIR, 'index.html'), join(outDir, 'index.html'));
  // report.css duplicates app.css (both entries import the same styles); the report inlines app.css.
  rmSync(join(outDir, 'report.css'), { force: true });
  return Object.fromEntries(readdirSync(outDir).map((name) => [name, statSync(join(outDir, name)).size]));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = await buildUi();
  for (const [name, bytes] of Object.entries(sizes)) {
    process.stdout.write(`console: dist/console/${name} ${(bytes / 1024).toFixed(1)} kB\n`);
  }
}
