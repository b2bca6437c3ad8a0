/**
 * Which plots the workbench keeps in view beside the controls: a preference of
 * this browser (localStorage), not of the experiment, so a shared link does not
 * carry it. What was stored is read as untrusted text: unknown ids are dropped.
 */
export const PLOT_VIEW_IDS = ['da', 'metric-curves', 'spectrum', 'features', 'boundary', 'angles', 'mia', 'runs'] as const;
export type PlotViewId = (typeof PLOT_VIEW_IDS)[number];

/** What a first visit pins: the two plots that move while a method runs. */
export const DEFAULT_PINNED: PlotViewId[] = ['da', 'metric-curves'];
export const PINNED_VIEWS_KEY = 'unlearning-lab:pinned-views';

export function parsePinnedViews(stored: string | null): PlotViewId[] {
  if (stored === null) return [...DEFAULT_PINNED];
  try {
    const v: unknown = JSON.parse(stored);
    if (!Array.isArray(v)) return [...DEFAULT_PINNED];
    return PLOT_VIEW_IDS.filter((id) => v.includes(id));
  } catch {
    return [...DEFAULT_PINNED];
  }
}

/** Pins or unpins one view, keeping the Plots section's order. */
export function withPinned(pinned: readonly PlotViewId[], id: PlotViewId, on: boolean): PlotViewId[] {
  return PLOT_VIEW_IDS.filter((v) => (v === id ? on : pinned.includes(v)));
}
