/**
 * A live chart's renderer while work runs: its line figure painted on a plain
 * canvas (lineCanvas.ts), because a Plotly redraw blocks the page for
 * 50–290 ms and the canvas for a few.
 */
import { useImperativeHandle, useRef, type Ref } from 'react';
import type { Figure } from './figure';
import { drawLinePanels, linePanels } from './lineCanvas';

export interface LiveCanvasHandle {
  /** Paints f now; false when there is no canvas to paint on. */
  draw(f: Figure, look: { largeType: boolean; height?: number }): boolean;
}

/** Plotly's default margins, for a figure that sets none. */
const DEFAULT_MARGIN = { l: 80, r: 80, t: 100, b: 80 };

export function LiveCanvas(props: { ref: Ref<LiveCanvasHandle>; id: string; label: string; hidden: boolean }) {
  const { id } = props;
  const canvasRef = useRef<HTMLCanvasElement>(null);

  useImperativeHandle(props.ref, () => ({
    draw(f, { largeType, height: h }) {
      const canvas = canvasRef.current;
      const ctx = canvas?.getContext('2d');
      if (!canvas || !ctx) return false;
      const t0 = performance.now();
      // CSS gives the canvas the plot's width; its backing store follows at the screen's pixel ratio.
      const width = Math.max(300, canvas.clientWidth);
      const height = h ?? f.layout.height ?? 400;
      const ratio = window.devicePixelRatio || 1;
      if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
        canvas.width = Math.round(width * ratio);
        canvas.height = Math.round(height * ratio);
        canvas.style.height = `${height}px`;
      }
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      const m = f.layout.margin ?? {};
      drawLinePanels(ctx, linePanels(f), {
        width, height, fontSize: largeType ? 18 : 12,
        margin: { l: m.l ?? DEFAULT_MARGIN.l, r: m.r ?? DEFAULT_MARGIN.r, t: m.t ?? DEFAULT_MARGIN.t, b: m.b ?? DEFAULT_MARGIN.b },
      });
      performance.measure(`canvas ${id}`, { start: t0, end: performance.now() });
      return true;
    },
  }), [id]);

  return <canvas ref={canvasRef} className="plot-canvas" role="img" aria-label={props.label} hidden={props.hidden} />;
}
