/**
 * A chart's Plotly renderer: the div Plotly.react draws into, the bundle that
 * draws it (loaded on demand, plotly.ts), the point events (selection, click,
 * hover) and PNG export through Plotly.downloadImage. When to draw is the
 * chart's decision (PlotlyChart.tsx).
 */
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import type { Config, Layout, PlotlyHTMLElement, PlotSelectionEvent, PlotMouseEvent } from 'plotly.js-dist-min';
import type { Figure } from './figure';
import { bundleFor, loadPlotly, type PlotlyApi, type PlotlyBundle } from './plotly';

export interface PlotlyViewHandle {
  /** Whether f can be drawn now: the div is there and the bundle f's traces need has loaded. */
  canDraw(f: Figure): boolean;
  /** Plotly.react of f; resolves once drawn. */
  draw(f: Figure, look: { largeType: boolean; height?: number; dragmode?: Layout['dragmode'] }): Promise<void>;
  /** Downloads a PNG of the div, or of `current` when given (the div then holds an older figure). */
  exportPng(current?: Figure): Promise<void>;
}

export interface PlotlyViewProps {
  ref: Ref<PlotlyViewHandle>;
  /** Keeps zoom and legend toggles across redraws (uirevision), names the PNG and the performance mark. */
  id: string;
  label: string;
  hidden: boolean;
  minHeight?: number;
  /** The bundle the current figure needs; null while there is nothing to draw. */
  bundle: PlotlyBundle | null;
  /** A bundle has loaded: the chart can draw. */
  onLoad: () => void;
  onError: (message: string) => void;
  onSelected?: (customdata: number[]) => void;
  onPointClick?: (customdata: number, shift: boolean) => void;
  /** The customdata under the pointer and the pointer's x (viewport pixels); null when it leaves. */
  onPointHover?: (customdata: number | null, clientX?: number) => void;
}

const CONFIG: Partial<Config> = {
  displaylogo: false,
  responsive: true,
  toImageButtonOptions: { format: 'png', scale: 2 },
};

export function PlotlyView(props: PlotlyViewProps) {
  const { id, bundle } = props;
  const divRef = useRef<HTMLDivElement>(null);
  /** The Plotly bundle that draws (and owns) this div. */
  const plotlyRef = useRef<{ api: PlotlyApi; bundle: PlotlyBundle } | null>(null);
  const attached = useRef(false);
  // Callbacks change every render; the bundle load and Plotly's events read the latest through this.
  const callbacks = useRef(props);
  callbacks.current = props;

  function attachEvents(gd: PlotlyHTMLElement): void {
    if (attached.current) return;
    attached.current = true;
    gd.on('plotly_selected', (ev: PlotSelectionEvent) => {
      if (!ev || !callbacks.current.onSelected) return;
      const picked = ev.points.map((p) => p.customdata).filter((c): c is number => typeof c === 'number');
      callbacks.current.onSelected(picked);
    });
    gd.on('plotly_click', (ev: PlotMouseEvent) => {
      const p = ev.points[0];
      if (p && typeof p.customdata === 'number') callbacks.current.onPointClick?.(p.customdata, !!(ev.event as MouseEvent | undefined)?.shiftKey);
    });
    gd.on('plotly_hover', (ev: PlotMouseEvent) => {
      const c = ev.points[0]?.customdata;
      if (typeof c !== 'number' || !callbacks.current.onPointHover) return;
      callbacks.current.onPointHover(c, (ev.event as MouseEvent | undefined)?.clientX);
    });
    gd.on('plotly_unhover', () => callbacks.current.onPointHover?.(null));
  }

  useImperativeHandle(props.ref, () => ({
    canDraw: (f) => !!divRef.current && plotlyRef.current?.bundle === bundleFor(f.data),
    draw(f, { largeType, height, dragmode }) {
      const layout = {
        ...f.layout,
        ...(height ? { height } : {}),
        ...(dragmode ? { dragmode } : {}),
        font: { ...(f.layout.font ?? {}), size: largeType ? 18 : (f.layout.font?.size ?? 13) },
        // Keeps zoom and legend toggles across live redraws.
        uirevision: id,
      };
      const t0 = performance.now();
      const drawing = plotlyRef.current!.api.react(divRef.current!, f.data, layout, CONFIG);
      // The synchronous part of a draw is what can block the page: recorded for the tests and devtools.
      performance.measure(`plot ${id}`, { start: t0, end: performance.now() });
      return drawing.then(attachEvents);
    },
    async exportPng(current) {
      const Plotly = plotlyRef.current?.api;
      const div = divRef.current;
      if (!Plotly || !div) return;
      const source = current ? { data: current.data, layout: current.layout } as unknown as PlotlyHTMLElement : div;
      await Plotly.downloadImage(source, { format: 'png', filename: `unlearning-lab-${id}`, width: Math.max(div.clientWidth, 600), height: Math.max(div.clientHeight, 300), scale: 2 });
    },
  }), [id]);

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
        callbacks.current.onLoad();
      })
      .catch((e) => callbacks.current.onError(`The plotting library could not load: ${e instanceof Error ? e.message : String(e)}`));
    return () => {
      alive = false;
    };
  }, [bundle]);

  useEffect(() => {
    const div = divRef.current;
    return () => {
      if (div && plotlyRef.current) plotlyRef.current.api.purge(div);
    };
  }, []);

  // A group, not an img: Plotly's mode bar puts focusable buttons inside, and an img's children are hidden from assistive tech.
  return <div ref={divRef} className="plot-area" role="group" aria-label={props.label} hidden={props.hidden} style={props.minHeight ? { minHeight: props.minHeight } : undefined} />;
}
