/** Sticky status: what runs now, its progress and ETA, the queue, Cancel; and the current notice. */
import { useLayoutEffect, useRef } from 'react';
import { useClient, useDispatch, useLab } from '../context';
import { formatEta } from '../format';

/**
 * Publishes the bar's height as --status-h, where the workbench's views stick
 * below it (styles.css). Its height changes only when a progress message
 * appears or goes, so the observer fires at the start and end of work, not
 * with every progress event.
 */
function useStatusHeight(): React.RefObject<HTMLDivElement | null> {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const root = document.documentElement;
    const observer = new ResizeObserver(() => root.style.setProperty('--status-h', `${el.offsetHeight}px`));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return ref;
}

export function StatusBar() {
  const ref = useStatusHeight();
  const client = useClient();
  const busy = useLab((s) => s.busy);
  const queued = useLab((s) => s.queued);
  const progress = useLab((s) => s.progress);
  const phase = useLab((s) => s.phase);
  const label = phase?.label ?? busy?.label;
  const pct = progress ? Math.round(progress.fraction * 100) : null;

  return (
    <div ref={ref} className="status-bar" role="region" aria-label="Status" data-testid="status-bar" data-busy={busy ? 'yes' : 'no'}>
      {busy ? (
        <>
          <span className="status-label" aria-live="polite">{label}{queued > 0 ? ` (${queued} waiting)` : ''}</span>
          <div
            className="progress" role="progressbar" aria-label={label ?? 'Working'}
            aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct ?? undefined}
            aria-valuetext={progress ? `${pct}%${progress.etaMs > 0 ? `, about ${formatEta(progress.etaMs)} left` : ''}` : 'working'}
          >
            <div className={`progress-fill ${pct === null ? 'indeterminate' : ''}`} style={pct !== null ? { transform: `scaleX(${pct / 100})` } : undefined} />
          </div>
          <span className="status-eta">{progress ? `${pct}%${progress.etaMs > 0 ? ` · ${formatEta(progress.etaMs)} left` : ''}` : ''}</span>
          {progress?.message && <span className="muted status-message">{progress.message}</span>}
          <button type="button" className="danger" data-testid="cancel" onClick={() => void client.cancel()}>Cancel</button>
        </>
      ) : (
        <span className="status-label muted">Ready.</span>
      )}
    </div>
  );
}

export function Notice() {
  const notice = useLab((s) => s.notice);
  const dispatch = useDispatch();
  if (!notice) return null;
  return (
    <div className={`notice notice-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid="notice">
      <span>{notice.text}</span>
      <button type="button" onClick={() => dispatch({ type: 'ui:dismiss' })} aria-label="Dismiss message">×</button>
    </div>
  );
}
