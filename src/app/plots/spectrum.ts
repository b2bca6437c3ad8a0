/** Eigenspectrum of retain vs forget features (normalised, log y), one small panel per model. */
import { OKABE_ITO } from '../palette';
import { axisId, BASE_LAYOUT, label, modelOrder, placeSubplot, subplotTitle, type FigureOrEmpty, type Labels, type Models } from './figure';
import type { Data, Layout } from 'plotly.js-dist-min';

/**
 * Shares below this are float32 round-off of a rank-deficient covariance, not
 * energy: they are not drawn (they would stretch the log axis to 1e-20).
 */
export const NUMERICAL_ZERO = 1e-9;

/** Eigenvalues normalised to sum 1; non-positive and numerically-zero shares become null (a log axis cannot show them). */
export function normalise(values: number[], maxK = 64): (number | null)[] {
  const v = values.slice(0, maxK);
  const sum = values.reduce((a, b) => a + (Number.isFinite(b) && b > 0 ? b : 0), 0);
  if (sum <= 0) return v.map(() => null);
  return v.map((x) => (Number.isFinite(x) && x / sum > NUMERICAL_ZERO ? x / sum : null));
}

export function spectrumFigure(models: Models, labels: Labels = {}, maxK = 64): FigureOrEmpty {
  const ids = modelOrder(models).filter((id) => (models[id].spectrum?.retain?.length ?? 0) + (models[id].spectrum?.forget?.length ?? 0) > 0);
  if (ids.length === 0) return { empty: 'No spectra yet: train Original and run a method.' };
  const columns = Math.min(ids.length, 4);
  const rows = Math.ceil(ids.length / columns);
  const data: Data[] = [];
  const layout: Partial<Layout> = {
    ...BASE_LAYOUT,
    height: 260 * rows + 120,
    annotations: [],
  };
  ids.forEach((id, i) => {
    const { retain, forget } = models[id].spectrum;
    const xa = axisId('x', i);
    const ya = axisId('y', i);
    for (const [group, values, color, dash] of [['retain', retain, OKABE_ITO.blue, 'solid'], ['forget', forget, OKABE_ITO.vermillion, 'dash']] as const) {
      const y = normalise(values, maxK);
      data.push({
        type: 'scatter', mode: 'lines+markers', name: `${group} set`, legendgroup: group, showlegend: i === 0,
        x: y.map((_, k) => k + 1), y, xaxis: xa, yaxis: ya,
        line: { color, dash, width: 2 }, marker: { size: 4, color },
        hovertemplate: `${label(id, labels)} · ${group} λ%{x}: %{y:.3g}<extra></extra>`,
      });
    }
    placeSubplot(layout, i, rows, columns,
      { title: { text: 'eigenvalue index' } },
      { type: 'log', title: { text: i % columns === 0 ? 'share of energy' : '' }, exponentformat: 'power' });
    layout.annotations!.push(subplotTitle(i, label(id, labels)));
  });
  return { data, layout };
}
