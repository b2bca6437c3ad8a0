/** Stored runs (IndexedDB): list, rename, delete, compare, export (Results JSON / CSV / weights) and import. */
import { memo, useEffect, useRef, useState } from 'react';
import type { WeightSnapshot } from '../../engine/models/model';
import type { Results } from '../../engine/results';
import { useClient, useDispatch, useLab } from '../context';
import { downloadText } from '../download';
import type { RunRecord } from '../storage/runStore';
import { Section } from './ui';

/** Export code is loaded on first use. */
async function exportResults(r: Results, base: string, kind: 'json' | 'csv'): Promise<void> {
  const { fileName, resultsCsv, resultsJson } = await import('../resultsIO');
  if (kind === 'json') downloadText(resultsJson(r), fileName(base, 'results.json'), 'application/json');
  else downloadText(resultsCsv(r), fileName(base, 'csv'), 'text/csv');
}

async function exportWeights(w: Record<string, WeightSnapshot>, base: string): Promise<void> {
  const { fileName, weightsJson } = await import('../resultsIO');
  downloadText(weightsJson(w), fileName(base, 'weights.json'), 'application/json');
}

/** Memoised: a record the listing did not change is the same object (reducer sameRuns), so a long list re-renders only what changed. */
const RunItem = memo(function RunItem(props: { run: RunRecord }) {
  const { run } = props;
  const client = useClient();
  const dispatch = useDispatch();
  const compareIds = useLab((s) => s.compareRunIds);
  const busy = useLab((s) => s.busy);
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(run.name);
  const [confirming, setConfirming] = useState(false);
  const comparing = compareIds.includes(run.id);
  const when = new Date(run.createdAt);

  return (
    <li className={`run run-${run.status}`} data-run-status={run.status} data-testid="run-item">
      <div className="run-main">
        {editing ? (
          <form className="row" onSubmit={(e) => { e.preventDefault(); void client.renameRun(run.id, name).then(() => setEditing(false)); }}>
            <label className="visually-hidden" htmlFor={`rename-${run.id}`}>New name</label>
            <input id={`rename-${run.id}`} value={name} onChange={(e) => setName(e.target.value)} autoFocus maxLength={200} />
            <button type="submit">Save</button>
            <button type="button" onClick={() => { setName(run.name); setEditing(false); }}>Cancel</button>
          </form>
        ) : (
          <span className="run-name">{run.name}</span>
        )}
        <span className={`status status-${run.status}`}>{run.status}</span>
        <span className="muted">{when.toLocaleString()} · {run.modelIds.join(', ')}</span>
        {run.message && <span className="muted run-message">{run.message}</span>}
      </div>
      <div className="row run-actions">
        <label className="checkbox">
          <input type="checkbox" checked={comparing} disabled={!run.results}
            onChange={(e) => dispatch({ type: 'ui:compare-runs', ids: e.target.checked ? [...compareIds, run.id] : compareIds.filter((i) => i !== run.id) })} />
          <span>Compare</span>
        </label>
        {!editing && <button type="button" onClick={() => setEditing(true)}>Rename</button>}
        {run.status !== 'running' && run.status !== 'imported' && (
          <button type="button" data-testid="rerun" disabled={!!busy}
            title={`Puts this run's config and methods back into the forms and runs them again (${run.kind === 'experiment' ? 'Run whole experiment' : 'Run selected'})`}
            onClick={() => void client.rerun(run.id)}>Re-run</button>
        )}
        <button type="button" disabled={!run.results}
          onClick={() => void client.runResults(run.id).then((full) => { const r = full ?? run.results; if (r) void exportResults(r, run.name, 'json'); })}>Results JSON</button>
        <button type="button" disabled={!run.results} onClick={() => run.results && void exportResults(run.results, run.name, 'csv')}>CSV</button>
        <button type="button" disabled={!run.weightIds.length} onClick={() => void client.runWeights(run.id).then((w) => exportWeights(w, run.name))}>Weights</button>
        {run.weightIds.length > 0 && (
          <button type="button" title="Frees the space the unlearned models' weights take; the Results (table, plots, CSV, JSON) stay" onClick={() => void client.deleteRunWeights(run.id)}>Delete weights</button>
        )}
        {confirming ? (
          <>
            <button type="button" className="danger" onClick={() => void client.deleteRun(run.id)}>Delete for good</button>
            <button type="button" onClick={() => setConfirming(false)}>Keep</button>
          </>
        ) : (
          <button type="button" onClick={() => setConfirming(true)}>Delete…</button>
        )}
      </div>
    </li>
  );
});

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

/** How much of the browser's storage for this site the lab uses, read again whenever the stored runs change. */
function StorageMeter() {
  const runs = useLab((s) => s.runs);
  const [estimate, setEstimate] = useState<{ usage: number; quota: number } | null>(null);
  useEffect(() => {
    let live = true;
    void navigator.storage?.estimate?.().then((e) => {
      if (live && e.usage !== undefined && e.quota) setEstimate({ usage: e.usage, quota: e.quota });
    }).catch(() => undefined);
    return () => { live = false; };
  }, [runs]);
  if (!estimate) return null;
  const share = estimate.usage / estimate.quota;
  return (
    <p className="row" data-testid="storage-meter">
      <meter min={0} max={1} value={share} high={0.8} aria-label="Storage used by the lab" />
      <span className={share > 0.8 ? 'field-error' : 'muted'}>Storage: {mb(estimate.usage)} of {mb(estimate.quota)} used{share > 0.8 ? ' — nearly full: delete runs or their weights to make room' : ''}</span>
    </p>
  );
}

export function RunsPanel() {
  const client = useClient();
  const runs = useLab((s) => s.runs);
  const results = useLab((s) => s.results);
  const models = useLab((s) => s.models);
  const input = useRef<HTMLInputElement>(null);
  const session: Results | null = results ? { ...results, models } : null;
  const hasModels = Object.keys(models).length > 0;

  return (
    <Section step={7} id="runs" title="Runs" intro="Every run is kept in this browser (IndexedDB) with its Results and weights, and survives a reload, as does the trained Original; Re-run repeats a run (an interrupted one, say) with its config and methods.">
      <div className="row">
        <button type="button" data-testid="export-session-json" disabled={!session || !hasModels} onClick={() => session && void exportResults(session, 'unlearning-lab-session', 'json')}>Export this session: Results JSON</button>
        <button type="button" disabled={!session || !hasModels} onClick={() => session && void exportResults(session, 'unlearning-lab-session', 'csv')}>CSV</button>
        <button type="button" onClick={() => input.current?.click()}>Import Results JSON…</button>
        <input ref={input} type="file" accept=".json,application/json" hidden aria-label="Results JSON file"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void client.importResults(f);
            e.target.value = '';
          }} />
      </div>
      <StorageMeter />
      {runs === null ? <p className="muted">Stored runs are not available in this browser.</p>
        : runs.length === 0 ? <p className="muted">No stored runs yet.</p>
          : <ul className="runs" data-testid="runs-list">{runs.map((r) => <RunItem key={r.id + r.updatedAt} run={r} />)}</ul>}
    </Section>
  );
}
