/** Step 5: every metric of every model, each cell coloured by its gap to Retrain; click a header to sort. */
import { memo, useMemo, useState } from 'react';
import { COLUMN_TITLES, columnsOf, compareRows, formatGap, formatValue, gapScale, gapToRetrain, nextSort, NOISE_FLOOR_STDS, saturatedColumns, sortRows, withinNoiseFloor, type ColumnKey, type CompareRow, type Sort, type SortKey } from '../compare';
import { useLab } from '../context';
import type { Results } from '../../engine/results';
import { gapColor } from '../palette';
import { useLabels } from './useLabels';
import { Section } from './ui';

/**
 * A stored run's rows, computed once per Results object and labels: the run
 * list keeps unchanged records as the same objects (reducer sameRuns), so a
 * long session does not recompute every stored run's rows after each run.
 */
const storedRowsCache = new WeakMap<object, { labels: object; name: string; rows: CompareRow[] }>();
function storedRows(run: { id: string; name: string; results: Results }, labels: Record<string, string>): CompareRow[] {
  const hit = storedRowsCache.get(run.results);
  if (hit && hit.labels === labels && hit.name === run.name) return hit.rows;
  const rows = compareRows(run.results, labels, run.name, run.id);
  storedRowsCache.set(run.results, { labels, name: run.name, rows });
  return rows;
}

/** One model's line; memoised, since a stored run's rows are the same objects from one update to the next (storedRows). */
const CompareTableRow = memo(function CompareTableRow({ row: r, columns, saturated, multiRun }: { row: CompareRow; columns: ColumnKey[]; saturated: Partial<Record<ColumnKey, string>>; multiRun: boolean }) {
  return (
    <tr data-model={r.modelId}>
      {multiRun && <td>{r.run}</td>}
      <th scope="row">
        {r.label}
        {r.status && r.status !== 'ok' && <span className={`status status-${r.status}`} title={r.message}> ({r.status})</span>}
        {r.oracleStop && <span className="oracle-mark" data-testid="oracle-mark" title="Could stop on the oracle rule: it read Retrain's forget accuracy and the test set, which no real unlearner has"> (oracle stop)</span>}
      </th>
      {columns.map((k) => {
        const g = gapToRetrain(r, k);
        const scale = gapScale(k);
        const std = r.std[k];
        const floor = withinNoiseFloor(r, k);
        const floorNote = floor === undefined ? '' : floor
          ? `; within Retrain's noise floor (${NOISE_FLOOR_STDS} std over ${r.referenceNoise!.seeds} seeds): Retrain with other seeds differs this much too`
          : `; outside Retrain's noise floor (${NOISE_FLOOR_STDS} std over ${r.referenceNoise!.seeds} seeds)`;
        return (
          <td
            key={k} data-metric={k} data-noise-floor={floor === undefined ? undefined : floor ? 'within' : 'outside'}
            className={saturated[k] ? 'saturated' : undefined}
            title={formatGap(k, g) + floorNote}
            style={!saturated[k] && g !== undefined && scale !== null ? { background: gapColor(g, scale) } : undefined}
          >
            {formatValue(k, r.values[k])}
            {std !== undefined && <span className="muted"> ±{formatValue(k, std)}</span>}
            {floor && <span className="noise-floor"> ≈R<span className="visually-hidden"> (within Retrain's noise floor)</span></span>}
          </td>
        );
      })}
    </tr>
  );
}, (a, b) => a.row === b.row && a.multiRun === b.multiRun && a.columns.join() === b.columns.join() && a.columns.every((k) => a.saturated[k] === b.saturated[k]));

export function ComparePanel() {
  const models = useLab((s) => s.models);
  const runs = useLab((s) => s.runs);
  const compareIds = useLab((s) => s.compareRunIds);
  const labels = useLabels();
  const [sort, setSort] = useState<Sort | null>(null);

  const rows = useMemo(() => {
    const live = compareRows({ models }, labels, compareIds.length ? 'this session' : undefined);
    const stored: CompareRow[] = [];
    for (const id of compareIds) {
      const run = runs?.find((r) => r.id === id);
      if (run?.results) stored.push(...storedRows({ id: run.id, name: run.name, results: run.results }, labels));
    }
    return [...live, ...stored];
  }, [models, runs, compareIds, labels]);
  const columns = useMemo(() => columnsOf(rows), [rows]);
  const saturated = useMemo(() => saturatedColumns(rows, columns), [rows, columns]);
  const sorted = useMemo(() => sortRows(rows, sort), [rows, sort]);
  const multiRun = compareIds.length > 0;

  function header(key: SortKey, text: string, help: string, greyed?: string) {
    const dir = sort?.key === key ? sort.dir : null;
    return (
      <th key={key} scope="col" className={greyed ? 'saturated' : undefined} data-saturated={greyed ? 'true' : undefined} aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'}>
        <button type="button" className="sort" title={`${help}.${greyed ? ` ${greyed}.` : ''} Click to sort.`} onClick={() => setSort(nextSort(sort, key))}>
          {text}{dir === 'asc' ? ' ▲' : dir === 'desc' ? ' ▼' : ''}
        </button>
      </th>
    );
  }

  return (
    <Section step={5} id="compare" title="Compare" intro="Cells are shaded by their distance to Retrain (white = same as Retrain). With several seeds, values are mean ± std, and ≈R marks a cell within Retrain's noise floor (within 2 std of Retrain over seeds). Hover a cell for the exact gap.">
      {rows.length === 0 ? <p>No models yet: train Original and run a method.</p> : (
        <div className="table-wrap">
          <table className="compare" data-testid="compare-table">
            <caption className="visually-hidden">Metrics per model; sortable by clicking a column header</caption>
            <thead>
              <tr>
                {multiRun && <th scope="col">Run</th>}
                {header('label', 'Model', 'Model name')}
                {columns.map((k) => header(k, COLUMN_TITLES[k].short, COLUMN_TITLES[k].help, saturated[k]))}
              </tr>
            </thead>
            <tbody>
              {sorted.map((r) => <CompareTableRow key={r.key} row={r} columns={columns} saturated={saturated} multiRun={multiRun} />)}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
