/** Membership-inference scores (probability of the true label) of forget, test and retain samples, as histograms. */
import type { Data, Layout } from 'plotly.js-dist-min';
import { OKABE_ITO } from '../palette';
import { axisId, BASE_LAYOUT, label, modelOrder, placeSubplot, subplotTitle, type FigureOrEmpty, type Labels, type Models } from './figure';

/** Share of values per bin over [0, 1]; the last bin includes 1. Non-finite values are dropped. */
export function histogram(values: number[], bins = 20): { centers: number[]; shares: number[] } {
  const counts = new Array<number>(bins).fill(0);
  let n = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    const b = Math.min(bins - 1, Math.max(0, Math.floor(v * bins)));
    counts[b]++;
    n++;
  }
  return { centers: counts.map((_, i) => (i + 0.5) / bins), shares: counts.map((c) => (n ? c / n : 0)) };
}

const GROUPS = [
  ['forget', OKABE_ITO.vermillion],
  ['test', OKABE_ITO.skyBlue],
  ['retain', OKABE_ITO.bluishGreen],
] as const;

export function miaFigure(models: Models, labels: Labels = {}, bins = 20): FigureOrEmpty {
  const ids = modelOrder(models).filter((id) => models[id].views?.miaScores);
  if (!ids.length) return { empty: 'No MIA scores yet: they appear when a model finishes.' };
  const columns = Math.min(ids.length, 4);
  const rows = Math.ceil(ids.length / columns);
  const data: Data[] = [];
  const layout: Partial<Layout> = { ...BASE_LAYOUT, barmode: 'overlay', height: 240 * rows + 120, annotations: [] };
  ids.forEach((id, i) => {
    const scores = models[id].views!.miaScores!;
    for (const [group, color] of GROUPS) {
      const h = histogram(scores[group], bins);
      data.push({
        type: 'bar', name: `${group} samples`, legendgroup: group, showlegend: i === 0, x: h.centers, y: h.shares, width: 1 / bins,
        xaxis: axisId('x', i), yaxis: axisId('y', i), marker: { color }, opacity: 0.55,
        hovertemplate: `${label(id, labels)} · ${group}: %{y:.1%} near p=%{x:.2f}<extra></extra>`,
      });
    }
    placeSubplot(layout, i, rows, columns, { range: [0, 1], title: { text: 'p(true label)' } }, { tickformat: '.0%', title: { text: i % columns === 0 ? 'share' : '' } });
    layout.annotations!.push(subplotTitle(i, label(id, labels)));
  });
  return { data, layout };
}
