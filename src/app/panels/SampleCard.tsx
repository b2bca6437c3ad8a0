/**
 * The hovered training sample: its thumbnail (images) or coordinates (2-D
 * data), class, whether it is in the forget set, and its class probabilities
 * under every model the worker holds. Shown over a plot while the pointer
 * rests on one of its points.
 */
import { useEffect, useRef, useState } from 'react';
import { useClient, useLab } from '../context';
import { probabilityTable } from '../sampleProbabilities';
import { paintThumbnails } from './canvasDraw';
import { useLabels } from './useLabels';

const THUMB = 56;
/** Sweeping the pointer across a scatter asks only about the point where it rests. */
const ASK_AFTER_MS = 120;

type Answer = { index: number; value?: Record<string, number[]>; error?: string };

export function SampleCard(props: { index: number | null }) {
  const { index } = props;
  const client = useClient();
  const data = useLab((s) => s.data);
  const models = useLab((s) => s.models);
  const labels = useLabels();
  const [answer, setAnswer] = useState<Answer | null>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    if (index === null || !Object.keys(models).length) return;
    let alive = true;
    const timer = setTimeout(() => {
      client.sampleProbabilities(index).then(
        (value) => alive && setAnswer({ index, value }),
        (e: unknown) => alive && setAnswer({ index, error: e instanceof Error ? e.message : String(e) }),
      );
    }, ASK_AFTER_MS);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [index, models, client]);

  const thumbs = data?.thumbnails;
  useEffect(() => {
    const ctx = canvasRef.current?.getContext('2d');
    if (ctx && thumbs && index !== null) paintThumbnails(ctx, thumbs, [index], { cols: 1, rows: 1, cell: THUMB, gap: 0, firstRow: 0 });
  }, [thumbs, index]);

  if (index === null || !data || index < 0 || index >= data.trainLabels.length) return null;
  const cls = data.trainLabels[index];
  const className = (c: number) => data.classNames[c] ?? String(c);
  const inForget = data.forget.includes(index);
  const hasThumb = !!thumbs && index < thumbs.pixels.length / (thumbs.width * thumbs.height);
  const mine = answer?.index === index ? answer : null;
  const table = mine?.value ? probabilityTable(mine.value, cls, labels) : null;

  return (
    <div className="sample-card" data-testid="sample-card" data-index={index}>
      <header>
        {hasThumb && <canvas ref={canvasRef} width={THUMB} height={THUMB} aria-hidden="true" />}
        <div>
          <strong>#{index}</strong> · class {className(cls)} · {inForget ? 'forget set' : 'retain set'}
          {data.points && <div className="muted">({data.points.x[index].toFixed(2)}, {data.points.y[index].toFixed(2)})</div>}
        </div>
      </header>
      {!Object.keys(models).length && <p className="muted">Class probabilities appear once a model is trained.</p>}
      {Object.keys(models).length > 0 && !mine && <p className="muted">Asking the models…</p>}
      {mine?.error && <p className="muted">The models could not be asked: {mine.error}</p>}
      {table && (
        <table aria-label={`Class probabilities of sample ${index} under each model`}>
          <thead>
            <tr>
              <th scope="col">p(class)</th>
              {table.columns.map((c) => <th key={c} scope="col" className={c === cls ? 'true-class' : undefined} title={c === cls ? 'the sample\'s class' : undefined}>{className(c)}</th>)}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((r) => (
              <tr key={r.id} data-model={r.id}>
                <th scope="row">{r.label}</th>
                {r.cells.map((p, j) => (
                  <td key={table.columns[j]} className={[table.columns[j] === cls ? 'true-class' : '', table.columns[j] === r.predicted ? 'predicted' : ''].join(' ').trim() || undefined}>
                    {Math.round(p * 100)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {table && <p className="muted">Percent; underlined: the model's prediction; shaded: the sample's class.</p>}
    </div>
  );
}
