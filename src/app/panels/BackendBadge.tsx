/** Which tfjs backend the worker runs on, why the faster ones were skipped, and a switch that reloads with ?backend=. */
import { useId } from 'react';
import { useLab } from '../context';

const CHOICES = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;

export function BackendBadge(props: { withSwitch?: boolean }) {
  const report = useLab((s) => s.backend);
  const id = useId();
  const forced = new URLSearchParams(location.search).get('backend') ?? 'auto';
  const skipped = report ? Object.entries(report.skipped) : [];

  function switchTo(v: string): void {
    const url = new URL(location.href);
    if (v === 'auto') url.searchParams.delete('backend');
    else url.searchParams.set('backend', v);
    location.assign(url.toString());
  }

  return (
    <div className="backend">
      <span className={`badge ${report ? `badge-${report.backend}` : 'badge-pending'}`} data-testid={props.withSwitch ? 'backend-badge-detail' : 'backend-badge'} title={report ? `${report.device}${report.software ? ' (software)' : ''}` : 'Selecting a backend…'}>
        {report ? `Backend: ${report.backend}${report.forced ? ' (forced)' : ''}${report.software ? ' · software' : ''}` : 'Backend: starting…'}
      </span>
      {props.withSwitch && (
        <span className="field inline">
          <label htmlFor={id}>Backend</label>
          <select id={id} value={forced} onChange={(e) => switchTo(e.target.value)} title="Reloads the page with ?backend= (the experiment config is kept in the link)">
            {CHOICES.map((c) => <option key={c} value={c}>{c === 'auto' ? 'auto (best available)' : c}</option>)}
          </select>
        </span>
      )}
      {props.withSwitch && report && (
        <details className="skipped">
          <summary>{report.device}{skipped.length ? ` — ${skipped.length} skipped` : ''}</summary>
          {skipped.length ? (
            <ul>
              {skipped.map(([name, why]) => <li key={name}><strong>{name}</strong>: {why}</li>)}
            </ul>
          ) : <p>No backend was skipped.</p>}
        </details>
      )}
    </div>
  );
}
