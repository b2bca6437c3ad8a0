/**
 * A virtualised grid of training images for picking a forget set: one canvas
 * paints only the visible rows. Click toggles, shift-click selects a range;
 * with the keyboard, arrows move, Space toggles, Shift+Space selects a range.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { OKABE_ITO } from '../palette';
import { paintThumbnails, type Thumbs } from './canvasDraw';

export interface ThumbnailGridProps {
  thumbnails: Thumbs;
  /** Sample indices to show (e.g. one class), in order. */
  items: readonly number[];
  labels: readonly number[];
  classNames: readonly string[];
  selection: ReadonlySet<number>;
  forget: ReadonlySet<number>;
  onSelect: (indices: number[], mode: 'toggle' | 'add') => void;
  cell?: number;
  height?: number;
}

const GAP = 3;

export function ThumbnailGrid(props: ThumbnailGridProps) {
  const { thumbnails, items, labels, classNames, selection, forget, onSelect, cell = 40, height = 320 } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(640);
  const [scrollTop, setScrollTop] = useState(0);
  const [cursor, setCursor] = useState(0);
  const anchor = useRef<number | null>(null);
  const [focused, setFocused] = useState(false);
  const pitch = cell + GAP;
  const cols = Math.max(1, Math.floor((width - 16) / pitch));
  const totalRows = Math.ceil(items.length / cols);
  const firstRow = Math.floor(scrollTop / pitch);
  const visibleRows = Math.ceil(height / pitch) + 1;

  useEffect(() => {
    const el = scroller.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    setWidth(el.clientWidth);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    if (cursor >= items.length) setCursor(Math.max(0, items.length - 1));
  }, [items, cursor]);

  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    paintThumbnails(ctx, thumbnails, items, { cols, cell, gap: GAP, firstRow, rows: visibleRows });
    for (let r = 0; r < visibleRows; r++) {
      for (let col = 0; col < cols; col++) {
        const k = (firstRow + r) * cols + col;
        if (k >= items.length) break;
        const idx = items[k];
        const x = col * pitch;
        const y = r * pitch;
        if (forget.has(idx)) {
          // Applied forget set: a vermillion corner.
          ctx.fillStyle = OKABE_ITO.vermillion;
          ctx.beginPath();
          ctx.moveTo(x + cell - 12, y);
          ctx.lineTo(x + cell, y);
          ctx.lineTo(x + cell, y + 12);
          ctx.fill();
        }
        if (selection.has(idx)) {
          ctx.strokeStyle = OKABE_ITO.orange;
          ctx.lineWidth = 3;
          ctx.strokeRect(x + 1.5, y + 1.5, cell - 3, cell - 3);
        }
        if (k === cursor && focused) {
          ctx.strokeStyle = OKABE_ITO.blue;
          ctx.lineWidth = 2;
          ctx.setLineDash([4, 3]);
          ctx.strokeRect(x - 1, y - 1, cell + 2, cell + 2);
          ctx.setLineDash([]);
        }
      }
    }
  }, [thumbnails, items, cols, cell, pitch, firstRow, visibleRows, selection, forget, cursor, focused, width, height]);

  function indexAt(clientX: number, clientY: number): number | null {
    const rect = canvas.current!.getBoundingClientRect();
    const col = Math.floor((clientX - rect.left) / pitch);
    const row = firstRow + Math.floor((clientY - rect.top) / pitch);
    const k = row * cols + col;
    return col >= 0 && col < cols && k >= 0 && k < items.length ? k : null;
  }

  function pick(k: number, shift: boolean): void {
    setCursor(k);
    if (shift && anchor.current !== null) {
      const [a, b] = anchor.current <= k ? [anchor.current, k] : [k, anchor.current];
      onSelect(items.slice(a, b + 1) as number[], 'add');
    } else {
      onSelect([items[k]], 'toggle');
      anchor.current = k;
    }
  }

  function scrollToCursor(k: number): void {
    const el = scroller.current;
    if (!el) return;
    const top = Math.floor(k / cols) * pitch;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + pitch > el.scrollTop + height) el.scrollTop = top + pitch - height;
  }

  function onKey(e: React.KeyboardEvent): void {
    if (!items.length) return;
    const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: cols, ArrowUp: -cols, PageDown: cols * 5, PageUp: -cols * 5 };
    let next: number;
    if (e.key in moves) next = Math.min(items.length - 1, Math.max(0, cursor + moves[e.key]));
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = items.length - 1;
    else if (e.key === ' ' || e.key === 'Enter') {
      e.preventDefault();
      pick(cursor, e.shiftKey);
      return;
    } else return;
    e.preventDefault();
    setCursor(next);
    scrollToCursor(next);
  }

  const current = items[cursor];
  const status = current === undefined ? 'No images to show.'
    : `Image ${cursor + 1} of ${items.length}: sample #${current}, class ${classNames[labels[current]] ?? labels[current]}${selection.has(current) ? ', selected' : ''}${forget.has(current) ? ', in the forget set' : ''}.`;
  const canvasHeight = Math.min(height, totalRows * pitch);
  const summary = useMemo(() => `${items.length} images; ${selection.size} selected`, [items.length, selection.size]);

  return (
    <div className="thumb-grid">
      <div
        ref={scroller}
        className="thumb-scroller"
        style={{ height }}
        onScroll={(e) => setScrollTop((e.target as HTMLDivElement).scrollTop)}
      >
        <div style={{ height: totalRows * pitch, position: 'relative' }}>
          <canvas
            ref={canvas}
            tabIndex={0}
            width={cols * pitch}
            height={Math.max(canvasHeight, 1)}
            style={{ position: 'sticky', top: 0, display: 'block' }}
            role="application"
            aria-roledescription="image grid"
            aria-label={`Training images, ${summary}. Arrow keys move, Space selects, Shift+Space selects a range.`}
            aria-describedby="thumb-status"
            data-testid="thumbnail-grid"
            onKeyDown={onKey}
            onFocus={() => {
              setFocused(true);
              setScrollTop(scroller.current?.scrollTop ?? 0);
            }}
            onBlur={() => setFocused(false)}
            onClick={(e) => {
              const k = indexAt(e.clientX, e.clientY);
              if (k !== null) pick(k, e.shiftKey);
            }}
          />
        </div>
      </div>
      <p id="thumb-status" className="muted" aria-live="polite">{status}</p>
    </div>
  );
}
