/**
 * Step 3: what to forget. A scenario (random share, a class, a sub-class, a
 * backdoor) or a hand-picked selection: click / lasso on 2-D data, the image
 * grid on images. The selection becomes a scenario {kind: 'indices'}.
 */
import { useEffect, useMemo, useState } from 'react';
import type { ScenarioConfig } from '../../engine/config';
import { useClient, useDispatch, useLab } from '../context';
import { classMix } from '../format';
import { pointsFigure } from '../plots/points';
import { PlotlyChart } from '../plots/PlotlyChart';
import { indicesOfClass, pointsInBox } from '../selection';
import { SampleCard } from './SampleCard';
import { ThumbnailGrid } from './ThumbnailGrid';
import { Section, SelectField, TextField } from './ui';

type Kind = ScenarioConfig['kind'];

const KINDS: { value: Kind; label: string }[] = [
  { value: 'class', label: 'A whole class' },
  { value: 'random', label: 'A random share' },
  { value: 'subclass', label: 'A sub-class (fine class in a merged group)' },
  { value: 'backdoor', label: 'Backdoor (poisoned samples)' },
  { value: 'indices', label: 'Hand-picked samples' },
];

interface ScenarioDraft { kind: Kind; fraction: string; cls: string; group: string; target: string }

function draftOf(s: ScenarioConfig): ScenarioDraft {
  return {
    kind: s.kind,
    fraction: s.kind === 'random' || s.kind === 'backdoor' ? String(Math.round(s.fraction * 1000) / 10) : '10',
    cls: s.kind === 'class' || s.kind === 'subclass' ? String(s.class) : '3',
    group: s.kind === 'subclass' ? s.group.join(', ') : '5, 7, 9',
    target: s.kind === 'backdoor' ? String(s.target) : '0',
  };
}

function scenarioOf(d: ScenarioDraft): ScenarioConfig | string {
  const pct = Number(d.fraction);
  const int = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s) : NaN);
  switch (d.kind) {
    case 'random':
    case 'backdoor':
      if (!(pct > 0 && pct < 100)) return 'The share must be a number above 0 and below 100 (%).';
      if (d.kind === 'random') return { kind: 'random', fraction: pct / 100 };
      if (Number.isNaN(int(d.target))) return 'The target class must be a whole number.';
      return { kind: 'backdoor', fraction: pct / 100, target: int(d.target) };
    case 'class':
      if (Number.isNaN(int(d.cls))) return 'The class must be a whole number.';
      return { kind: 'class', class: int(d.cls) };
    case 'subclass': {
      const group = d.group.split(/[\s,]+/).filter(Boolean).map(int);
      if (group.length < 2 || group.some(Number.isNaN)) return 'The group needs at least two class numbers, e.g. 5, 7, 9.';
      if (Number.isNaN(int(d.cls)) || !group.includes(int(d.cls))) return 'The class to forget must be one of the group.';
      return { kind: 'subclass', group, class: int(d.cls) };
    }
    case 'indices':
      return 'Hand-picked: select samples below, then press "Use selection as forget set".';
  }
}

export function ForgetPanel() {
  const client = useClient();
  const dispatch = useDispatch();
  const config = useLab((s) => s.config);
  const data = useLab((s) => s.data);
  const selection = useLab((s) => s.selection);
  const busy = useLab((s) => s.busy);
  const original = useLab((s) => s.models.original);
  const largeType = useLab((s) => s.largeType);
  const [draft, setDraft] = useState<ScenarioDraft>(() => draftOf(config.scenario));
  const [message, setMessage] = useState<string | null>(null);
  const [filter, setFilter] = useState<string>('all');
  const [leastCount, setLeastCount] = useState('50');
  const [hovered, setHovered] = useState<number | null>(null);
  const [box, setBox] = useState({ x0: '', x1: '', y0: '', y1: '' });

  // A preset or a shared link changes the scenario from outside: the form follows.
  useEffect(() => setDraft(draftOf(config.scenario)), [config.scenario]);

  const selectionSet = useMemo(() => new Set(selection), [selection]);
  const forgetSet = useMemo(() => new Set(data?.forget ?? []), [data]);
  const mix = useMemo(() => (data ? classMix(selection, data.trainLabels) : []), [selection, data]);
  const filterClass = filter === 'all' ? null : Number(filter);
  const items = useMemo(() => {
    if (!data?.thumbnails) return [];
    const n = data.thumbnails.pixels.length / (data.thumbnails.width * data.thumbnails.height);
    return indicesOfClass(data.trainLabels, filterClass).filter((i) => i < n);
  }, [data, filterClass]);
  const points = useMemo(
    () => (data?.points ? pointsFigure(data.points, data.trainLabels, selection, data.forget, data.classNames) : null),
    [data, selection],
  );

  function applyScenario(): void {
    const s = scenarioOf(draft);
    if (typeof s === 'string') {
      setMessage(s);
      return;
    }
    setMessage(null);
    void client.setConfig({ ...config, scenario: s });
  }

  const className = (c: number) => data?.classNames[c] ?? String(c);
  const classOptions = data ? data.classNames.map((n, i) => ({ value: String(i), label: `${i}: ${n}` })) : [];

  return (
    <Section step={3} id="forget" title="Forget" intro="Choose the forget set D_f. Everything else is the retain set D_r.">
      <p className="result-line" data-testid="forget-summary" aria-live="polite">
        {data
          ? <>Current forget set: <strong>{data.split.forget}</strong> of {data.split.train} training samples ({describe(data.scenario, className)}).</>
          : 'No data yet.'}
      </p>
      <form className="form-grid" onSubmit={(e) => { e.preventDefault(); applyScenario(); }}>
        <SelectField label="Scenario" name="scenario" value={draft.kind} options={KINDS} onChange={(kind) => setDraft({ ...draft, kind })} />
        {(draft.kind === 'class' || draft.kind === 'subclass') && (
          classOptions.length && draft.kind === 'class'
            ? <SelectField label="Class to forget" name="class" value={draft.cls} options={classOptions} onChange={(cls) => setDraft({ ...draft, cls })} />
            : <TextField label="Class to forget" name="class" inputMode="numeric" value={draft.cls} onChange={(cls) => setDraft({ ...draft, cls })} />
        )}
        {draft.kind === 'subclass' && (
          <TextField label="Group (merged classes)" name="group" value={draft.group} onChange={(group) => setDraft({ ...draft, group })} help="Fine classes merged into one coarse label for training, e.g. Fashion-MNIST footwear 5, 7, 9" />
        )}
        {(draft.kind === 'random' || draft.kind === 'backdoor') && (
          <TextField label="Share (%)" name="fraction" inputMode="decimal" value={draft.fraction} onChange={(fraction) => setDraft({ ...draft, fraction })} />
        )}
        {draft.kind === 'backdoor' && (
          <TextField label="Target class" name="target" inputMode="numeric" value={draft.target} onChange={(target) => setDraft({ ...draft, target })} help="Poisoned samples get a trigger and this label; they are the forget set" />
        )}
        {draft.kind !== 'indices' && (
          <div className="field actions"><button type="submit" className="primary" disabled={!data || !!busy}>Apply forget set</button></div>
        )}
        {message && <p role="alert" className="field-error wide">{message}</p>}
      </form>

      {data && (
        <div className="picker" aria-label="Hand-picked forget set">
          <h3>Pick samples by hand</h3>
          <p className="result-line" data-testid="selection-summary" aria-live="polite">
            Selected: <strong>{selection.length}</strong>
            {mix.length > 0 && <> — {mix.slice(0, 6).map((m) => `${className(m.cls)}: ${m.count}`).join(', ')}{mix.length > 6 ? ', …' : ''}</>}
          </p>
          <div className="row">
            <button type="button" className="primary" disabled={!selection.length || !!busy} onClick={() => void client.useSelection()}>Use selection as forget set</button>
            <button type="button" disabled={!selection.length} onClick={() => dispatch({ type: 'ui:select', indices: [], mode: 'replace' })}>Clear selection</button>
            <button type="button" disabled={!data.forget.length} onClick={() => dispatch({ type: 'ui:select', indices: data.forget, mode: 'replace' })}>Start from the current forget set</button>
          </div>
          {data.points && points && (
            <>
              <PlotlyChart
                live id="pick-points" title="Training points: lasso or click to select" largeType={largeType}
                description="2-D training points coloured by class; the forget set is crossed, the selection circled. Drag a lasso to add points; click a point to toggle it."
                figure={points} dragmode="lasso"
                onSelected={(idx) => dispatch({ type: 'ui:select', indices: idx, mode: 'add' })}
                onPointClick={(i, shift) => dispatch({ type: 'ui:select', indices: [i], mode: shift ? 'add' : 'toggle' })}
                onPointHover={setHovered} overlay={hovered !== null && <SampleCard index={hovered} />}
              />
              <form
                className="form-grid"
                aria-label="Select the points in a box (keyboard alternative to the lasso)"
                onSubmit={(e) => {
                  e.preventDefault();
                  const b = { x0: Number(box.x0), x1: Number(box.x1), y0: Number(box.y0), y1: Number(box.y1) };
                  if (Object.values(b).some((v) => !Number.isFinite(v)) || Object.values(box).some((v) => v.trim() === '')) {
                    setMessage('The box needs four numbers: x from, x to, y from, y to.');
                    return;
                  }
                  dispatch({ type: 'ui:select', indices: pointsInBox(data.points!, b), mode: 'add' });
                }}
              >
                <TextField label="x from" inputMode="decimal" value={box.x0} onChange={(x0) => setBox({ ...box, x0 })} width="7em" />
                <TextField label="x to" inputMode="decimal" value={box.x1} onChange={(x1) => setBox({ ...box, x1 })} width="7em" />
                <TextField label="y from" inputMode="decimal" value={box.y0} onChange={(y0) => setBox({ ...box, y0 })} width="7em" />
                <TextField label="y to" inputMode="decimal" value={box.y1} onChange={(y1) => setBox({ ...box, y1 })} width="7em" />
                <div className="field actions"><button type="submit">Add points in box</button></div>
              </form>
            </>
          )}
          {data.thumbnails && (
            <>
              <div className="row">
                <SelectField label="Show class" name="filter" value={filter} options={[{ value: 'all', label: 'All classes' }, ...classOptions]} onChange={setFilter} />
                <TextField label="How many" inputMode="numeric" value={leastCount} onChange={setLeastCount} width="7em" help="How many of the least confident samples to select" />
                <button
                  type="button" disabled={!original || !!busy}
                  title={original ? "Select the samples (of the shown class) the Original model is least sure about" : 'Train Original first'}
                  onClick={() => void client.selectLeastConfident(Math.max(1, Math.floor(Number(leastCount) || 50)), filterClass)}
                >
                  Select the model&apos;s least confident
                </button>
                <button type="button" disabled={!items.length} onClick={() => dispatch({ type: 'ui:select', indices: items, mode: 'add' })}>Select all shown</button>
              </div>
              <ThumbnailGrid
                thumbnails={data.thumbnails} items={items} labels={data.trainLabels} classNames={data.classNames}
                selection={selectionSet} forget={forgetSet} cell={largeType ? 52 : 40}
                onSelect={(indices, mode) => dispatch({ type: 'ui:select', indices, mode })}
              />
              <p className="muted legend-line"><span className="key key-selected" aria-hidden="true" /> selected <span className="key key-forget" aria-hidden="true" /> in the applied forget set</p>
            </>
          )}
        </div>
      )}
    </Section>
  );
}

function describe(s: ScenarioConfig, className: (c: number) => string): string {
  switch (s.kind) {
    case 'class': return `class ${className(s.class)}`;
    case 'random': return `random ${Math.round(s.fraction * 1000) / 10}%`;
    case 'subclass': return `sub-class ${className(s.class)} of group ${s.group.join(', ')}`;
    case 'backdoor': return `backdoor, ${Math.round(s.fraction * 1000) / 10}% poisoned with target ${className(s.target)}`;
    case 'indices': return `${s.indices.length} hand-picked`;
  }
}
