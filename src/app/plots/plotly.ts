/**
 * Plotly is 4.8 MB: it is loaded on first use, so the data preview and the
 * panels appear before it is parsed. One promise for the whole page.
 */
import type Plotly from 'plotly.js-dist-min';

export type PlotlyApi = typeof Plotly;

let loading: Promise<PlotlyApi> | null = null;

export function loadPlotly(): Promise<PlotlyApi> {
  loading ??= import('plotly.js-dist-min').then((m) => ((m as unknown as { default?: PlotlyApi }).default ?? (m as unknown as PlotlyApi)));
  return loading;
}
