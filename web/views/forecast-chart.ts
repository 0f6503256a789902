import uPlot from 'uplot';
import { h } from '../dom.js';

export interface ForecastSeries {
  timestamps: string[];
  mean: number[];
  lower80: number[];
  upper80: number[];
  lower95: number[];
  upper95: number[];
}

/** Band fills, also what the browser test looks for on the canvas. */
export const BAND95_FILL = 'rgba(37, 99, 235, 0.16)';
export const BAND80_FILL = 'rgba(37, 99, 235, 0.32)';

const toSec = (iso: string) => Math.round(Date.parse(iso) / 1000);

/**
 * History (measured, tuples/s) and forecast (mean with its 80 % and 95 % prediction bands) of one spout
 * stream on one time axis.
 */
export function forecastChart(
  title: string,
  history: Array<[string, number]>,
  forecast: ForecastSeries | null,
): HTMLElement {
  const xs = [
    ...new Set([...history.map(([t]) => toSec(t)), ...(forecast?.timestamps ?? []).map(toSec)]),
  ].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const column = (points: Array<[number, number]>) => {
    const out: Array<number | null> = xs.map(() => null);
    for (const [x, v] of points) out[index.get(x) ?? -1] = v;
    return out;
  };
  const f = (key: keyof Omit<ForecastSeries, 'timestamps'>) =>
    column((forecast?.timestamps ?? []).map((t, i) => [toSec(t), forecast?.[key][i] ?? Number.NaN]));
  const data = [
    xs,
    column(history.map(([t, v]) => [toSec(t), v])),
    f('mean'),
    f('upper80'),
    f('lower80'),
    f('upper95'),
    f('lower95'),
  ] as uPlot.AlignedData;
  const band = { stroke: 'rgba(0,0,0,0)', width: 0, points: { show: false } };
  const plotHost = h('div', { class: 'chart', 'data-testid': 'forecast-chart' });
  const el = h('figure', { class: 'forecast' }, h('figcaption', {}, title), plotHost);
  requestAnimationFrame(() => {
    const plot = new uPlot(
      {
        width: Math.max(480, plotHost.clientWidth || 900),
        height: 280,
        series: [
          {},
          { label: 'measured', stroke: '#374151', width: 1.5, points: { show: false } },
          { label: 'forecast mean', stroke: '#1d4ed8', width: 2, points: { show: false } },
          { label: 'upper 80 %', ...band },
          { label: 'lower 80 %', ...band },
          { label: 'upper 95 %', ...band },
          { label: 'lower 95 %', ...band },
        ],
        bands: [
          { series: [5, 6], fill: BAND95_FILL },
          { series: [3, 4], fill: BAND80_FILL },
        ],
        axes: [{}, { label: 'tuples/s', size: 70 }],
        scales: { x: { time: true } },
      },
      data,
      plotHost,
    );
    (plotHost as HTMLElement & { plot?: uPlot }).plot = plot;
  });
  return el;
}
