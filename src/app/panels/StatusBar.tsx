/** Sticky status: what runs now, its progress and ETA, the queue, Cancel; and the current notice. */
import { useClient, useDispatch, useLab } from '../context';
import { formatEta } from '../format';

export function StatusBar() {
  const client = useClient();
  const busy = useLab((s) => s.busy);
  const queued = useLab((s) => s.queued);
  const progress = useLab((s) => s.progress);
  const phase = useLab((s) => s.phase);
  const label = phase?.label ?? busy?.label;
  const pct = progress ? Math.round(progress.fraction * 100) : null;

  return (
    <div className="status-bar" role="region" aria-label="Status" data-testid="status-bar" data-busy={busy ? 'yes' : 'no'}>
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
