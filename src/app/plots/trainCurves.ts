/** Training loss and accuracy per step (Original, Retrain), stacked. */
import type { Data, Layout } from 'plotly.js-dist-min';
import { modelColor, modelDash } from '../palette';
import type { TrainPoint } from '../store/state';
import { BASE_LAYOUT, label, modelOrder, type FigureOrEmpty, type Labels } from './figure';

export function trainFigure(history: Record<string, TrainPoint[]>, labels: Labels = {}): FigureOrEmpty {
  const ids = modelOrder(history).filter((id) => history[id].length > 0);
  if (!ids.length) return { empty: 'No training yet: press "Train Original".' };
  const data: Data[] = [];
  for (const id of ids) {
    const pts = history[id];
    const style = { color: modelColor(id), dash: modelDash(id), width: 2 };
    data.push({ type: 'scatter', mode: 'lines', name: `${label(id, labels)} loss`, legendgroup: id, x: pts.map((p) => p.step), y: pts.map((p) => p.loss), line: style, xaxis: 'x', yaxis: 'y' });
    const withAcc = pts.filter((p) => typeof p.acc === 'number');
    if (withAcc.length) {
      data.push({ type: 'scatter', mode: 'lines', name: `${label(id, labels)} accuracy`, legendgroup: id, x: withAcc.map((p) => p.step), y: withAcc.map((p) => p.acc!), line: style, xaxis: 'x2', yaxis: 'y2' });
    }
  }
  const layout: Partial<Layout> = {
    ...BASE_LAYOUT, height: 420, grid: { rows: 2, columns: 1, pattern: 'independent' },
    yaxis: { title: { text: 'loss' } }, xaxis2: { title: { text: 'training step' } },
    yaxis2: { title: { text: 'accuracy' }, range: [0, 1], tickformat: '.0%' },
  };
  return { data, layout };
}
