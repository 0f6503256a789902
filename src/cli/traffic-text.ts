import type { ResultDocument } from '../ui/shared/api-client.js';
import { num } from '../ui/shared/format.js';
import { textTable } from './text-table.js';

/** A traffic model's reading of one spout stream (the `summary` model's fields, or a forecast's summary). */
interface RateStats {
  mean?: number;
  max?: number;
  quantiles?: { p95?: number };
  maxUpper95?: number;
}
interface StreamResult extends RateStats {
  method?: string;
  summary?: RateStats;
}

/**
 * Per traffic model, per spout component and stream: mean, p95 and max tuples/s (measured history for
 * `summary`, the forecast path for `forecast`), the largest upper 95 % bound, and the forecast's method.
 */
export function trafficText(doc: ResultDocument): string {
  const rows: string[][] = [];
  for (const { model_name, results } of doc.model_results) {
    const components = (results.components ?? {}) as Record<string, Record<string, StreamResult>>;
    for (const [spout, streams] of Object.entries(components)) {
      for (const [stream, result] of Object.entries(streams)) {
        const stats = result.summary ?? result;
        rows.push([
          model_name,
          spout,
          stream,
          num(stats.mean),
          num(stats.quantiles?.p95),
          num(stats.max),
          num(stats.maxUpper95),
          result.method ?? '',
        ]);
      }
    }
  }
  const horizonMin = doc.request.duration_minutes as number | undefined;
  const historyH = doc.request.source_hours as number | undefined;
  return [
    `${doc.topology_id} (${doc.dsps}) · traffic over the next ${num(horizonMin)} min, from ${num(historyH)} h of history · ${doc.model_id}`,
    'rates in tuples/s: summary = the measured history, forecast = the forecast path and its 95 % band',
    '',
    textTable(['model', 'spout', 'stream', 'mean', 'p95', 'max', 'max upper 95 %', 'method'], rows),
    '',
  ].join('\n');
}
