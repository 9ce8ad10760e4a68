// web/src/labs/lstm/series.ts: the engine's `forecast` view as the series
// chart's lines. The view is (months, 4), one row per month of the series
// and then the months past it: passengers, the training windows' predictions,
// the test windows', the forecast fed back on itself (NaN where a column has
// no value); meta: split (the first test month's row), look_back, start_year,
// start_month. Months become years on the x axis (1949 + 0/12 is January
// 1949). Pure: view in, chart series out.
import type { ViewData } from '../../protocol';
import type { SeriesData, XMark } from '../../views/chart';

export const COLORS = {
  passengers: '#111827', train: '#2563eb', test: '#ea580c', forecast: '#9333ea', previous: '#2dd4bf',
};
const FORECAST_DASH = [6, 4];
const PREVIOUS_DASH = [3, 3];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** An x value (a year, its months as twelfths) as the axis writes it: "1953", "Jul 1953". */
export function formatYear(x: number): string {
  const month = Math.round(x * 12);
  const year = Math.floor(month / 12), m = month - 12 * year;
  return Math.abs(x * 12 - month) > 1e-6 ? x.toFixed(2) : m === 0 ? String(year) : `${MONTHS[m]} ${year}`;
}

/** The month of row `i` in years. */
export function monthX(view: ViewData, i: number): number {
  const year = Number(view.meta.start_year) || 0, month = Number(view.meta.start_month) || 1;
  return year + (month - 1 + i) / 12;
}

/** "December 1960": the month of row `i` in words. */
export function monthWords(view: ViewData, i: number): string {
  const x = Math.round(monthX(view, i) * 12);
  return `${['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
    'November', 'December'][x % 12]} ${Math.floor(x / 12)}`;
}

/** One column of the view as a line: the rows in [from, to) where it has a value. */
export function column(view: ViewData, col: number, from = 0, to = view.shape[0]): { steps: number[]; values: number[] } {
  const steps: number[] = [], values: number[] = [];
  for (let i = from; i < to; i++) {
    const v = view.data[i * 4 + col];
    if (Number.isFinite(v)) { steps.push(monthX(view, i)); values.push(v); }
  }
  return { steps, values };
}

/** Months of the series itself (the rows with passengers). */
export function seriesMonths(view: ViewData): number {
  let n = 0;
  for (let i = 0; i < view.shape[0]; i++) if (Number.isFinite(view.data[i * 4])) n = i + 1;
  return n;
}

/** A finished run kept for comparison: its test predictions, preset and scores. */
export interface Previous { preset: string; trainRmse: number; testRmse: number; steps: number[]; values: number[] }

/** What the chart draws: the series and the predictions, a forecast (its own view), a previous run. */
export function chartSeries(series: ViewData, forecast: ViewData | null, previous: Previous | null): SeriesData[] {
  const n = seriesMonths(series);
  const out: SeriesData[] = [{ label: 'passengers', ...column(series, 0, 0, n), color: COLORS.passengers }];
  if (previous) {   // beneath this run's lines
    out.push({ label: `previous run: ${previous.preset}`, steps: previous.steps, values: previous.values, color: COLORS.previous, dash: PREVIOUS_DASH });
  }
  out.push({ label: 'train prediction', ...column(series, 1, 0, n), color: COLORS.train },
    { label: 'test prediction', ...column(series, 2, 0, n), color: COLORS.test });
  if (forecast) {
    const f = column(forecast, 3, n);
    // from the last month of the series, so the dashed line continues it
    f.steps.unshift(monthX(forecast, n - 1));
    f.values.unshift(forecast.data[(n - 1) * 4]);
    out.push({ label: 'forecast', ...f, color: COLORS.forecast, dash: FORECAST_DASH });
  }
  return out;
}

/** The train/test split: a line half a month before the first test month, the test months shaded; the forecast's start. */
export function marks(series: ViewData, forecast: boolean): XMark[] {
  const split = Number(series.meta.split), end = monthX(series, seriesMonths(series)) - 1 / 24;
  const out: XMark[] = [{ x: monthX(series, split) - 1 / 24, before: 'training', after: 'test', shade: 'rgba(234, 88, 12, 0.07)', to: end }];
  if (forecast) out.push({ x: end, after: 'forecast' });
  return out;
}

/** The chart's legend entries: [label, color, dash]. */
export function legendEntries(forecast: boolean, previous: Previous | null): { label: string; color: string; dash?: number[] }[] {
  const out: { label: string; color: string; dash?: number[] }[] = [
    { label: 'passengers', color: COLORS.passengers },
    { label: 'prediction, training months', color: COLORS.train },
    { label: 'prediction, test months', color: COLORS.test },
  ];
  if (forecast) out.push({ label: 'forecast, each month fed back in', color: COLORS.forecast, dash: FORECAST_DASH });
  if (previous) {
    out.push({ label: `previous run: ${previous.preset}, test months (Test Score ${previous.testRmse.toFixed(2)} RMSE)`,
      color: COLORS.previous, dash: PREVIOUS_DASH });
  }
  return out;
}

/** A finished run's test predictions, to keep. */
export function previousOf(series: ViewData, preset: string, trainRmse: number, testRmse: number): Previous {
  return { preset, trainRmse, testRmse, ...column(series, 2, 0, seriesMonths(series)) };
}
