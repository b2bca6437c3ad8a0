/** What the data looks like, shown the moment it is loaded: class counts and a picture of samples. */
import { useEffect, useMemo, useRef } from 'react';
import { useLab } from '../context';
import { classColor } from '../palette';
import { paintPoints, paintThumbnails } from './canvasDraw';

const PREVIEW_COLS = 16;
const PREVIEW_ROWS = 3;

export function DataPreview() {
  const data = useLab((s) => s.data);
  const status = useLab((s) => s.dataStatus);
  const canvas = useRef<HTMLCanvasElement>(null);
  const forget = useMemo(() => new Set(data?.forget ?? []), [data]);

  const counts = useMemo(() => {
    if (!data) return [];
    const c = new Array<number>(data.numClasses).fill(0);
    for (const y of data.trainLabels) c[y]++;
    return c;
  }, [data]);

  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx || !data) return;
    if (data.thumbnails) {
      const items = Array.from({ length: Math.min(PREVIEW_COLS * PREVIEW_ROWS, data.trainLabels.length) }, (_, i) => i);
      paintThumbnails(ctx, data.thumbnails, items, { cols: PREVIEW_COLS, cell: 32, gap: 2, firstRow: 0, rows: PREVIEW_ROWS });
    } else if (data.points) {
      paintPoints(ctx, data.points, data.trainLabels, forget);
    }
  }, [data, forget]);

  if (!data) {
    return (
      <div className="preview" aria-live="polite" data-testid="data-preview" data-state={status}>
        {status === 'loading' ? <p>Loading the data…</p> : status === 'error' ? <p>No data loaded.</p> : <p>Preparing…</p>}
      </div>
    );
  }
  const is2d = !!data.points;
  return (
    <div className="preview" aria-live="polite" data-testid="data-preview" data-state={status} data-dataset={data.name}>
      <p className="preview-summary">
        <strong>{data.name}</strong>: {data.split.train} training and {data.split.test} test samples, {data.numClasses} classes,
        input {data.inputShape.join('×')}. Forget set: <strong>{data.split.forget}</strong> samples, retain set {data.split.retain}.
        {status === 'loading' && ' (loading new data…)'}
      </p>
      <canvas
        ref={canvas}
        width={is2d ? 420 : PREVIEW_COLS * 34}
        height={is2d ? 300 : PREVIEW_ROWS * 34}
        role="img"
        aria-label={is2d ? `Scatter of the ${data.split.train} training points coloured by class; forget set outlined` : `The first ${PREVIEW_COLS * PREVIEW_ROWS} training images`}
      />
      <ul className="class-counts" aria-label="Training samples per class">
        {counts.map((c, i) => (
          <li key={i}>
            <span className="swatch" style={{ background: classColor(i) }} aria-hidden="true" />
            {data.classNames[i] ?? i}: {c}
            {data.forgetClassCounts[i] ? <span className="muted"> ({data.forgetClassCounts[i]} to forget)</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
