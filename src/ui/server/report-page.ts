import type { ConsoleStructure } from '../shared/console-types.js';
import type { UiAsset } from './ui-assets.js';

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** JSON that is safe inside a `<script>` element: no `<` can close it. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * One model result as a self-contained HTML page: the result JSON, the report script and the console's
 * styles are inlined, so the file opens offline (attached to a change ticket) with the same charts.
 */
export function reportPage(
  result: { model_id: string; topology_id: string },
  structure: ConsoleStructure | null,
  script: UiAsset,
  css: UiAsset,
): string {
  const title = `augur report ${result.model_id} (${result.topology_id})`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${css.body.toString('utf8')}</style>
</head><body class="report">
<main id="app"></main>
<script id="augur-result" type="application/json">${scriptJson({ result, structure })}</script>
<script>${script.body.toString('utf8').replace(/<\/script/gi, '<\\/script')}</script>
</body></html>
`;
}
