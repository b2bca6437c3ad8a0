/**
 * A chart: title, PNG button and the notes around a figure, and when and by
 * what the figure is drawn. At most every `minIntervalMs` (live data arrives
 * faster than anyone can read), and only while the chart is on screen
 * (off-screen charts catch up when scrolled into view). Idle, Plotly draws
 * (PlotlyView.tsx). While work runs, a live chart is painted on a plain canvas
 * instead (LiveCanvas.tsx) and any other chart waits until the worker is idle
 * (`rendererFor`). Each draw bumps `data-draws` on the figure element, which
 * the end-to-end tests watch.
 */
import { useContext, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { LabContext } from '../context';
import { isEmpty, type Figure, type FigureOrEmpty } from './figure';
import { LiveCanvas, type LiveCanvasHandle } from './LiveCanvas';
import { bundleFor } from './plotly';
import { PlotlyView, type PlotlyViewHandle } from './PlotlyView';

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
  /**
   * A figure of a few points that change seconds apart (a Tune's trials):
   * Plotly draws it even while work runs, since a redraw costs little and the
   * points are the news the person waits for.
   */
  drawWhileBusy?: boolean;
  children?: React.ReactNode;
}

/** What draws a chart now: Plotly; the canvas; or nothing yet ('deferred', it catches up once idle). */
type Renderer = 'plotly' | 'canvas' | 'deferred';

function rendererFor(live: boolean, busy: boolean, drawWhileBusy: boolean): Renderer {
  if (!busy || drawWhileBusy) return 'plotly';
  return live ? 'canvas' : 'deferred';
}

const noSubscribe = () => () => undefined;

/** Whether the worker is busy; false outside the lab's context (e.g. a standalone chart). */
function useBusy(): boolean {
  const ctx = useContext(LabContext);
  return useSyncExternalStore(ctx ? ctx.store.subscribe : noSubscribe, () => (ctx ? ctx.store.getSnapshot().busy !== null : false));
}

export function PlotlyChart(props: PlotlyChartProps) {
  const { id, title, description, figure, largeType = false, minIntervalMs = 250, height, dragmode, live = false, drawWhileBusy = false } = props;
  const busy = useBusy();
  const renderer = rendererFor(live, busy, drawWhileBusy);
  const onCanvas = renderer === 'canvas';
  const rendererRef = useRef(renderer);
  rendererRef.current = renderer;
  const [waiting, setWaiting] = useState(false);
  const figureRef = useRef<HTMLElement>(null);
  const plotly = useRef<PlotlyViewHandle>(null);
  const canvas = useRef<LiveCanvasHandle>(null);
  const lastDraw = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const visible = useRef(false);
  const stale = useRef(true);
  const latest = useRef({ figure, largeType, height, dragmode });
  const [error, setError] = useState<string | null>(null);
  // The overlay sits on the side away from the pointer, so it never hides the point it describes.
  const [overlayLeft, setOverlayLeft] = useState(false);
  // Some Plotly bundle has loaded (until then Plotly cannot draw, nor export).
  const [ready, setReady] = useState(false);
  latest.current = { figure, largeType, height, dragmode };

  /** Counts a draw, and how many data points it drew (reference lines left out): what the end-to-end tests wait for. */
  function bumpDraws(f: Figure): void {
    const el = figureRef.current;
    if (!el) return;
    el.dataset.draws = String(Number(el.dataset.draws ?? '0') + 1);
    el.dataset.points = String(f.data.reduce((n, t) => n + ((t as { meta?: unknown }).meta === 'reference' ? 0 : (t as { x?: ArrayLike<unknown> }).x?.length ?? 0), 0));
  }

  function draw(): void {
    const { figure: f, ...look } = latest.current;
    if (isEmpty(f)) return;
    // Off screen: skip; the chart catches up when it is scrolled into view.
    if (!visible.current) {
      stale.current = true;
      return;
    }
    if (rendererRef.current === 'canvas') {
      stale.current = false;
      lastDraw.current = performance.now();
      if (canvas.current?.draw(f, look)) bumpDraws(f);
      return;
    }
    // The bundle that can draw this figure may still be loading: it draws once it is in.
    const view = plotly.current;
    if (!view?.canDraw(f)) {
      stale.current = true;
      return;
    }
    if (rendererRef.current === 'deferred') {
      stale.current = true;
      setWaiting(true);
      return;
    }
    setWaiting(false);
    stale.current = false;
    lastDraw.current = performance.now();
    view.draw(f, look)
      .then(() => bumpDraws(f))
      .catch((e: unknown) => setError(`This plot could not be drawn: ${e instanceof Error ? e.message : String(e)}`));
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

  function pointHover(customdata: number | null, clientX?: number): void {
    const box = figureRef.current?.getBoundingClientRect();
    if (clientX !== undefined && box) setOverlayLeft(clientX > box.left + box.width / 2);
    props.onPointHover?.(customdata);
  }

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
    return () => {
      io?.disconnect();
      if (timer.current) clearTimeout(timer.current);
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
    const f = latest.current.figure;
    if (isEmpty(f)) return;
    // On the canvas, Plotly's own div holds an older figure: export the current one.
    await plotly.current?.exportPng(rendererRef.current === 'canvas' ? f : undefined);
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
      <PlotlyView ref={plotly} id={id} label={`${title}: ${description}`} hidden={!!empty || onCanvas} minHeight={height}
        bundle={isEmpty(figure) ? null : bundleFor(figure.data)}
        onLoad={() => {
          setReady(true);
          schedule();
        }}
        onError={setError}
        onSelected={props.onSelected} onPointClick={props.onPointClick} onPointHover={props.onPointHover && pointHover} />
      {props.overlay && <div className={`plot-overlay${overlayLeft ? ' left' : ''}`}>{props.overlay}</div>}
      {live && <LiveCanvas ref={canvas} id={id} label={`${title} (live): ${description}`} hidden={!!empty || !onCanvas} />}
    </figure>
  );
}
