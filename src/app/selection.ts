/** Choosing forget samples by hand: pure helpers behind click, lasso, box and "least confident". */
import type { ProbeResult } from '../engine/sessionTypes';

/** Indices of the points inside the box (inclusive), for keyboard users of the 2-D scatter. */
export function pointsInBox(points: { x: readonly number[]; y: readonly number[] }, box: { x0: number; x1: number; y0: number; y1: number }): number[] {
  const [xl, xh] = box.x0 <= box.x1 ? [box.x0, box.x1] : [box.x1, box.x0];
  const [yl, yh] = box.y0 <= box.y1 ? [box.y0, box.y1] : [box.y1, box.y0];
  const out: number[] = [];
  for (let i = 0; i < points.x.length; i++) {
    if (points.x[i] >= xl && points.x[i] <= xh && points.y[i] >= yl && points.y[i] <= yh) out.push(i);
  }
  return out;
}

/** Ray casting: is (x, y) inside the polygon? Used for lasso paths drawn outside plotly's own selection. */
export function insidePolygon(x: number, y: number, poly: { x: readonly number[]; y: readonly number[] }): boolean {
  let inside = false;
  const n = poly.x.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = poly.x[i], yi = poly.y[i], xj = poly.x[j], yj = poly.y[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * The `count` samples the model is least sure about: lowest top-class
 * probability under `modelId`, ties broken by index so the choice is reproducible.
 */
export function leastConfident(probe: ProbeResult, modelId: string, count: number): number[] {
  const rows = probe.probabilities[modelId];
  if (!rows) return [];
  const scored = probe.indices.map((index, i) => ({ index, top: Math.max(...rows[i]) }));
  scored.sort((a, b) => a.top - b.top || a.index - b.index);
  return scored.slice(0, Math.max(0, count)).map((s) => s.index).sort((a, b) => a - b);
}

/** Training indices of one class (or all when cls is null). */
export function indicesOfClass(labels: readonly number[], cls: number | null): number[] {
  const out: number[] = [];
  for (let i = 0; i < labels.length; i++) if (cls === null || labels[i] === cls) out.push(i);
  return out;
}
