/**
 * Plotly, loaded on first use in two partial bundles of the same version:
 * the cartesian one (scatter, bar, heatmap, contour — every 2-D plot of the
 * lab) and, only once a figure has 3-D traces, the gl3d one. Evaluating a
 * bundle holds the page's main thread: the full bundle took ~3.5 s in headless
 * Chromium on 2 cores, the cartesian one ~1.9 s. One promise per bundle for
 * the whole page. Types come from plotly.js-dist-min (a dev dependency): the
 * partial bundles expose the same API and ship no types.
 */
import type Plotly from 'plotly.js-dist-min';

export type PlotlyApi = typeof Plotly;
export type PlotlyBundle = 'cartesian' | 'gl3d';

const loading: Partial<Record<PlotlyBundle, Promise<PlotlyApi>>> = {};

function apiOf(m: unknown): PlotlyApi {
  return (m as { default?: PlotlyApi }).default ?? (m as PlotlyApi);
}

export function loadPlotly(bundle: PlotlyBundle = 'cartesian'): Promise<PlotlyApi> {
  loading[bundle] ??= (bundle === 'gl3d' ? import('plotly.js-gl3d-dist-min') : import('plotly.js-cartesian-dist-min')).then(apiOf);
  return loading[bundle];
}

/** Trace types the cartesian bundle does not register. */
const GL3D_TYPES = new Set(['scatter3d', 'surface', 'mesh3d', 'cone', 'streamtube', 'isosurface', 'volume']);

/** The bundle that can draw every trace of `data`. */
export function bundleFor(data: readonly { type?: string }[]): PlotlyBundle {
  return data.some((t) => t.type !== undefined && GL3D_TYPES.has(t.type)) ? 'gl3d' : 'cartesian';
}
