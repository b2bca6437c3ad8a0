/** Principal angles (degrees) between the top-k retain and forget eigenspaces, one row per model. */
import type { Data, Layout } from 'plotly.js-dist-min';
import { BASE_LAYOUT, label, modelOrder, type FigureOrEmpty, type Labels, type Models } from './figure';

export function principalAnglesFigure(models: Models, labels: Labels = {}): FigureOrEmpty {
  const ids = modelOrder(models).filter((id) => models[id].views?.principalAngles?.length);
  if (!ids.length) return { empty: 'No principal angles yet: they appear when a model finishes.' };
  const k = Math.max(...ids.map((id) => models[id].views!.principalAngles!.length));
  const z = ids.map((id) => {
    const a = models[id].views!.principalAngles!;
    return Array.from({ length: k }, (_, j) => (j < a.length && Number.isFinite(a[j]) ? (a[j] * 180) / Math.PI : null));
  });
  const data: Data[] = [{
    type: 'heatmap', z, x: Array.from({ length: k }, (_, j) => j + 1), y: ids.map((id) => label(id, labels)),
    zmin: 0, zmax: 90, colorscale: 'Cividis', colorbar: { title: { text: 'degrees' } },
    hovertemplate: '%{y}, angle %{x}: %{z:.1f}°<extra></extra>',
  }];
  const layout: Partial<Layout> = {
    ...BASE_LAYOUT, height: 120 + 36 * ids.length, margin: { l: 110, r: 16, t: 24, b: 48 },
    xaxis: { title: { text: 'principal angle index (retain vs forget eigenspace)' }, dtick: 1 }, yaxis: { autorange: 'reversed' },
  };
  return { data, layout };
}
