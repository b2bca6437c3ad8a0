/**
 * Canvas drawing for previews and the thumbnail grid: plain loops over bytes,
 * no plotting library, so the first preview appears as soon as the data does.
 */
import { classColor } from '../palette';

export interface Thumbs {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/**
 * Paints thumbnails `items` (sample indices), `cols` per row starting at row
 * `firstRow`, each scaled (nearest) into a `cell`-pixel square with `gap` pixels between.
 */
export function paintThumbnails(ctx: CanvasRenderingContext2D, t: Thumbs, items: readonly number[], o: { cols: number; cell: number; gap: number; firstRow: number; rows: number }): void {
  const W = ctx.canvas.width;
  const H = ctx.canvas.height;
  const img = ctx.createImageData(W, H);
  const out = img.data;
  out.fill(255);
  const n = t.pixels.length / (t.width * t.height);
  const pitch = o.cell + o.gap;
  // Source coordinate of each cell pixel, computed once.
  const sx = Array.from({ length: o.cell }, (_, x) => Math.min(t.width - 1, Math.floor((x * t.width) / o.cell)));
  const sy = Array.from({ length: o.cell }, (_, y) => Math.min(t.height - 1, Math.floor((y * t.height) / o.cell)));
  for (let r = 0; r < o.rows; r++) {
    for (let c = 0; c < o.cols; c++) {
      const k = (o.firstRow + r) * o.cols + c;
      if (k >= items.length) break;
      const idx = items[k];
      if (idx >= n) continue;
      const base = idx * t.width * t.height;
      const x0 = c * pitch;
      const y0 = r * pitch;
      for (let y = 0; y < o.cell && y0 + y < H; y++) {
        const row = base + sy[y] * t.width;
        let p = ((y0 + y) * W + x0) * 4;
        for (let x = 0; x < o.cell && x0 + x < W; x++, p += 4) {
          // Dark ink on white reads better on a projector than white on black.
          const v = 255 - t.pixels[row + sx[x]];
          out[p] = v;
          out[p + 1] = v;
          out[p + 2] = v;
          out[p + 3] = 255;
        }
      }
    }
  }
  ctx.putImageData(img, 0, 0);
}

/** A scatter of 2-D points coloured by class, scaled to the canvas. */
export function paintPoints(ctx: CanvasRenderingContext2D, points: { x: readonly number[]; y: readonly number[] }, labels: readonly number[], highlight?: ReadonlySet<number>): void {
  const W = ctx.canvas.width;
  const H = ctx.canvas.height;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, W, H);
  const n = points.x.length;
  if (!n) return;
  let xl = Infinity, xh = -Infinity, yl = Infinity, yh = -Infinity;
  for (let i = 0; i < n; i++) {
    xl = Math.min(xl, points.x[i]); xh = Math.max(xh, points.x[i]);
    yl = Math.min(yl, points.y[i]); yh = Math.max(yh, points.y[i]);
  }
  const pad = 8;
  const s = Math.min((W - 2 * pad) / (xh - xl || 1), (H - 2 * pad) / (yh - yl || 1));
  for (let i = 0; i < n; i++) {
    const px = pad + (points.x[i] - xl) * s;
    const py = H - pad - (points.y[i] - yl) * s;
    ctx.fillStyle = classColor(labels[i]);
    ctx.fillRect(px - 2, py - 2, 4, 4);
    if (highlight?.has(i)) {
      ctx.strokeStyle = '#000';
      ctx.lineWidth = 1.5;
      ctx.strokeRect(px - 4, py - 4, 8, 8);
    }
  }
}
