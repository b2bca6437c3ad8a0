/**
 * Decision boundary on 2-D data: the argmax class over a grid (views.boundary,
 * z[row = y][column = x] as plotly expects), confidence as contour lines, and
 * the training points on top with the forget set highlighted.
 */
import type { Data, Layout } from 'plotly.js-dist-min';
import { classColor, OKABE_ITO } from '../palette';
import { axisId, BASE_LAYOUT, label, placeSubplot, subplotTitle, type FigureOrEmpty, type Labels, type Models } from './figure';

export interface BoundaryPoints {
  x: number[];
  y: number[];
  labels: number[];
  forget: ReadonlySet<number>;
}

/** A colourscale with one flat band per class, for z in [-0.5, k - 0.5]. */
export function discreteColorscale(k: number): [number, string][] {
  const scale: [number, string][] = [];
  for (let c = 0; c < k; c++) {
    scale.push([c / k, classColor(c)], [(c + 1) / k, classColor(c)]);
  }
  return scale;
}

/** At most `max` points, every n-th, always keeping the forget set (it is what the plot is about). */
export function thinPoints(p: BoundaryPoints, max: number): number[] {
  const n = p.x.length;
  const stride = Math.max(1, Math.ceil(n / max));
  const keep: number[] = [];
  for (let i = 0; i < n; i++) if (i % stride === 0 || p.forget.has(i)) keep.push(i);
  return keep;
}

export function boundaryFigure(models: Models, ids: string[], points: BoundaryPoints | null, numClasses: number, labels: Labels = {}, maxPoints = 1500): FigureOrEmpty {
  const present = ids.filter((id) => models[id]?.views?.boundary?.xs.length);
  if (!present.length) return { empty: 'No decision boundary yet: it appears for 2-D data once a model finishes.' };
  const data: Data[] = [];
  const layout: Partial<Layout> = { ...BASE_LAYOUT, height: 440, annotations: [] };
  const keep = points ? thinPoints(points, maxPoints) : [];
  present.forEach((id, i) => {
    const b = models[id].views!.boundary!;
    const xa = axisId('x', i);
    const ya = axisId('y', i);
    data.push({
      type: 'heatmap', x: b.xs, y: b.ys, z: b.classes, xaxis: xa, yaxis: ya, zmin: -0.5, zmax: numClasses - 0.5,
      colorscale: discreteColorscale(numClasses), showscale: false, opacity: 0.35, hoverinfo: 'skip', name: `${label(id, labels)} regions`,
    });
    data.push({
      type: 'contour', x: b.xs, y: b.ys, z: b.confidence, xaxis: xa, yaxis: ya, showscale: false, hoverinfo: 'skip', name: 'confidence',
      contours: { coloring: 'none', showlabels: true, start: 0.6, end: 0.9, size: 0.15 }, line: { color: '#444', width: 1 }, showlegend: false,
    });
    if (points) {
      for (const isForget of [false, true]) {
        const idx = keep.filter((j) => points.forget.has(j) === isForget);
        data.push({
          type: 'scatter', mode: 'markers', name: isForget ? 'forget set' : 'retain set', legendgroup: isForget ? 'forget' : 'retain', showlegend: i === 0,
          x: idx.map((j) => points.x[j]), y: idx.map((j) => points.y[j]), xaxis: xa, yaxis: ya, customdata: idx, hoverinfo: 'skip',
          marker: isForget
            ? { size: 8, symbol: 'diamond', color: idx.map((j) => classColor(points.labels[j])), line: { color: OKABE_ITO.black, width: 1.5 } }
            : { size: 4, color: idx.map((j) => classColor(points.labels[j])), opacity: 0.6 },
        });
      }
    }
    placeSubplot(layout, i, 1, present.length, { range: [b.xs[0], b.xs[b.xs.length - 1]], zeroline: false }, { range: [b.ys[0], b.ys[b.ys.length - 1]], zeroline: false });
    layout.annotations!.push(subplotTitle(i, label(id, labels)));
  });
  return { data, layout };
}
