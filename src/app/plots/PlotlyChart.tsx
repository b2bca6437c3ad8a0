/**
 * Draws a figure with Plotly.react: at most every `minIntervalMs` (live data
 * arrives faster than anyone can read), and only while the chart is on
 * screen (off-screen charts catch up when scrolled into view). While work
 * runs, a live chart is painted on a plain canvas instead (lineCanvas.ts):
 * a Plotly redraw here blocks the page for 50–290 ms, the canvas for a few.
 * PNG export through Plotly.downloadImage. Each draw bumps `data-draws` on
 * the figure element, which the end-to-end tests watch.
 */
import { useContext, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { LabContext } from '../context';
import type { Config, PlotlyHTMLElement, PlotSelectionEvent, PlotMouseEvent } from 'plotly.js-dist-min';
import { isEmpty, type Figure, type FigureOrEmpty } from './figure';
import { drawLinePanels, linePanels } from './lineCanvas';
import { bundleFor, loadPlotly, type PlotlyApi, type PlotlyBundle } from './plotly';

export interface PlotlyChartProps {
  /** Identifies the plot (file name of the PNG, data-plot attribute for tests). */
  id: string;
  title: string;
  /** One sentence for screen readers: what the plot shows. */
  description: string;
  figure: FigureOrEmpty;
  largeType?: boolean;
  minIntervalMs?: number;
  height?: number;
  /** Box / lasso selection: the customdata of the selected points. */
  onSelected?: (customdata: number[]) => void;
  onPointClick?: (customdata: number, shift: boolean) => void;
  /** The customdata of the point under the pointer, and null when it leaves. */
  onPointHover?: (customdata: number | null) => void;
  /** Shown over a top corner of the plot, the one away from the hovered point (e.g. the sample's card); it takes no pointer events. */
  overlay?: React.ReactNode;
  dragmode?: 'lasso' | 'select' | 'zoom' | 'pan';
  /**
   * Live plots (training and unlearning curves, line figures only) redraw
   * while work runs, on a canvas. Other plots wait until the worker is idle:
   * a heavy redraw (thousands of SVG markers) during a run would block the
   * page for hundreds of milliseconds.
   */
  live?: boolean;
  children?: React.ReactNode;
}

const noSubscribe = () => () => undefined;

/** Whether the worker is busy; false outside the lab's context (e.g. a standalone chart). */
function useBusy(): boolean {
  const ctx = useContext(LabContext);
  return useSyncExternalStore(ctx ? ctx.store.subscribe : noSubscribe, () => (ctx ? ctx.store.getSnapshot().busy !== null : false));
}

const CONFIG: Partial<Config> = {
  displaylogo: false,
  responsive: true,
  toImageButtonOptions: { format: 'png', scale: 2 },
};

/** Plotly's default margins, for a figure that sets none. */
const DEFAULT_MARGIN = { l: 80, r: 80, t: 100, b: 80 };

export function PlotlyChart(props: PlotlyChartProps) {
  const { id, title, description, figure, largeType = false, minIntervalMs = 250, height, dragmode, live = false } = props;
  const busy = useBusy();
  const deferred = !live && busy;
  const onCanvas = live && busy;
  const onCanvasRef = useRef(onCanvas);
  onCanvasRef.current = onCanvas;
  const deferredRef = useRef(deferred);
  deferredRef.current = deferred;
  const [waiting, setWaiting] = useState(false);
  const figureRef = useRef<HTMLElement>(null);
  const divRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  /** The Plotly bundle that draws (and owns) this chart's div. */
  const plotlyRef = useRef<{ api: PlotlyApi; bundle: PlotlyBundle } | null>(null);
  const lastDraw = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const visible = useRef(false);
  const stale = useRef(true);
  const latest = useRef({ figure, largeType, height, dragmode });
  const handlers = useRef({ onSelected: props.onSelected, onPointClick: props.onPointClick, onPointHover: props.onPointHover });
  const [error, setError] = useState<string | null>(null);
  // The overlay sits on the side away from the pointer, so it never hides the point it describes.
  const [overlayLeft, setOverlayLeft] = useState(false);
  const [ready, setReady] = useState(false);
  latest.current = { figure, largeType, height, dragmode };
  handlers.current = { onSelected: props.onSelected, onPointClick: props.onPointClick, onPointHover: props.onPointHover };

  function bumpDraws(): void {
    const el = figureRef.current;
    if (el) el.dataset.draws = String(Number(el.dataset.draws ?? '0') + 1);
  }

  function drawCanvas(f: Figure): void {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const { largeType: big, height: h } = latest.current;
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
      width, height, fontSize: big ? 18 : 12,
      margin: { l: m.l ?? DEFAULT_MARGIN.l, r: m.r ?? DEFAULT_MARGIN.r, t: m.t ?? DEFAULT_MARGIN.t, b: m.b ?? DEFAULT_MARGIN.b },
    });
    performance.measure(`canvas ${id}`, { start: t0, end: performance.now() });
    bumpDraws();
  }

  function draw(): void {
    const div = divRef.current;
    const { figure: f, largeType: big, height: h, dragmode: dm } = latest.current;
    if (isEmpty(f)) return;
    // Off screen: skip; the chart catches up when it is scrolled into view.
    if (!visible.current) {
      stale.current = true;
      return;
    }
    if (onCanvasRef.current) {
      stale.current = false;
      lastDraw.current = performance.now();
      drawCanvas(f);
      return;
    }
    // The bundle that can draw this figure may still be loading: it draws once it is in.
    const Plotly = plotlyRef.current?.bundle === bundleFor(f.data) ? plotlyRef.current.api : null;
    if (!Plotly || !div) {
      stale.current = true;
      return;
    }
    if (deferredRef.current) {
      stale.current = true;
      setWaiting(true);
      return;
    }
    setWaiting(false);
    stale.current = false;
    lastDraw.current = performance.now();
    const layout = {
      ...f.layout,
      ...(h ? { height: h } : {}),
      ...(dm ? { dragmode: dm } : {}),
      font: { ...(f.layout.font ?? {}), size: big ? 18 : (f.layout.font?.size ?? 13) },
      // Keeps zoom and legend toggles across live redraws.
      uirevision: id,
    };
    const t0 = performance.now();
    const drawing = Plotly.react(div, f.data, layout, CONFIG);
    // The synchronous part of a draw is what can block the page: recorded for the tests and devtools.
    performance.measure(`plot ${id}`, { start: t0, end: performance.now() });
    drawing
      .then((gd: PlotlyHTMLElement) => {
        bumpDraws();
        attachEvents(gd);
      })
      .catch((e: unknown) => setError(`This plot could not be drawn: ${e instanceof Error ? e.message : String(e)}`));
  }

  const attached = useRef(false);
  function attachEvents(gd: PlotlyHTMLElement): void {
    if (attached.current) return;
    attached.current = true;
    gd.on('plotly_selected', (ev: PlotSelectionEvent) => {
      if (!ev || !handlers.current.onSelected) return;
      const picked = ev.points.map((p) => p.customdata).filter((c): c is number => typeof c === 'number');
      handlers.current.onSelected(picked);
    });
    gd.on('plotly_click', (ev: PlotMouseEvent) => {
      const p = ev.points[0];
      if (p && typeof p.customdata === 'number') handlers.current.onPointClick?.(p.customdata, !!(ev.event as MouseEvent | undefined)?.shiftKey);
    });
    gd.on('plotly_hover', (ev: PlotMouseEvent) => {
      const c = ev.points[0]?.customdata;
      if (typeof c !== 'number' || !handlers.current.onPointHover) return;
      const pointer = ev.event as MouseEvent | undefined;
      const box = figureRef.current?.getBoundingClientRect();
      if (pointer && box) setOverlayLeft(pointer.clientX > box.left + box.width / 2);
      handlers.current.onPointHover(c);
    });
    gd.on('plotly_unhover', () => handlers.current.onPointHover?.(null));
  }

  /** Draws now if the last draw is old enough, else once the interval has passed. */
  function schedule(): void {
    if (timer.current) return;
    const wait = Math.max(0, minIntervalMs - (performance.now() - lastDraw.current));
    timer.current = setTimeout(() => {
      timer.current = null;
      draw();
    }, wait);
  }

  const bundle = isEmpty(figure) ? null : bundleFor(figure.data);
  // The plotting library is loaded only once some chart has something to draw (or preloaded by main.tsx);
  // the 3-D bundle only for a figure with 3-D traces.
  useEffect(() => {
    if (!bundle || plotlyRef.current?.bundle === bundle) return;
    let alive = true;
    loadPlotly(bundle)
      .then((api) => {
        if (!alive) return;
        const div = divRef.current;
        // The bundle that drew the div clears it (and its event handlers) before the other draws there.
        if (plotlyRef.current && div) {
          plotlyRef.current.api.purge(div);
          attached.current = false;
        }
        plotlyRef.current = { api, bundle };
        setReady(true);
        schedule();
      })
      .catch((e) => setError(`The plotting library could not load: ${e instanceof Error ? e.message : String(e)}`));
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- schedule() is recreated each render but reads everything through refs: load only when the needed bundle changes
  }, [bundle]);

  useEffect(() => {
    const el = figureRef.current;
    const io = typeof IntersectionObserver !== 'undefined' && el
      ? new IntersectionObserver((entries) => {
        visible.current = entries.some((e) => e.isIntersecting);
        if (visible.current && stale.current) schedule();
      }, { rootMargin: '200px' })
      : null;
    if (io && el) io.observe(el);
    else visible.current = true;
    const div = divRef.current;
    return () => {
      io?.disconnect();
      if (timer.current) clearTimeout(timer.current);
      if (div && plotlyRef.current) plotlyRef.current.api.purge(div);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- mount and unmount only: one observer per chart, and schedule() reads everything through refs
  }, []);

  useEffect(() => {
    if (ready || onCanvas) schedule();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a redraw per new figure; a change of onCanvas (busy) is the next effect's, and schedule() reads through refs
  }, [figure, largeType, height, dragmode, ready]);

  useEffect(() => {
    // Busy: a live plot moves to the canvas. Idle again: it goes back to Plotly, and deferred plots catch up.
    if (live ? ready || busy : !busy && ready && stale.current) schedule();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `live` is fixed per chart at every call site, and schedule() reads everything through refs
  }, [busy, ready]);

  async function exportPng(): Promise<void> {
    const Plotly = plotlyRef.current?.api;
    const div = divRef.current;
    const f = latest.current.figure;
    if (!Plotly || !div || isEmpty(f)) return;
    // On the canvas, Plotly's own div holds an older figure: export the current one.
    await Plotly.downloadImage(onCanvasRef.current ? { data: f.data, layout: f.layout } as unknown as PlotlyHTMLElement : div, { format: 'png', filename: `unlearning-lab-${id}`, width: Math.max(div.clientWidth, 600), height: Math.max(div.clientHeight, 300), scale: 2 });
  }

  const empty = isEmpty(figure) ? figure.empty : null;
  const headingId = `plot-${id}-title`;
  return (
    <figure className="plot" data-plot={id} ref={figureRef} aria-labelledby={headingId}>
      <figcaption className="plot-head">
        <span id={headingId} className="plot-title">{title}</span>
        <span className="plot-actions">
          {props.children}
          <button type="button" onClick={() => void exportPng()} disabled={!!empty || !ready} title={`Download "${title}" as PNG`}>
            PNG
          </button>
        </span>
      </figcaption>
      <p className="visually-hidden">{description}</p>
      {error && <p role="alert" className="plot-error">{error}</p>}
      {empty && <p className="plot-empty">{empty}</p>}
      {waiting && !empty && <p className="plot-waiting muted">Updates when the current work has finished.</p>}
      <div ref={divRef} className="plot-area" role="img" aria-label={`${title}: ${description}`} hidden={!!empty || onCanvas} style={height ? { minHeight: height } : undefined} />
      {props.overlay && <div className={`plot-overlay${overlayLeft ? ' left' : ''}`}>{props.overlay}</div>}
      {live && <canvas ref={canvasRef} className="plot-canvas" role="img" aria-label={`${title} (live): ${description}`} hidden={!!empty || !onCanvas} />}
    </figure>
  );
}
