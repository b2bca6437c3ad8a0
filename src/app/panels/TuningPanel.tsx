/**
 * A method's Tune, under its row: the trials as they finish on a Pareto plot
 * (utility gap against forgetting gap to Retrain) and in a list, each with a
 * button that puts its parameters into the method's form. A click on a
 * point of the plot does the same.
 */
import { useMemo, useState } from 'react';
import type { MethodInfo } from '../../engine/methods/types';
import { chooseTrial } from '../../engine/tuning/report';
import { useDispatch, useLab } from '../context';
import { describeTrial, formatParam, paretoFigure, paretoFront, START_SETTINGS } from '../plots/paretoFigure';
import { PlotlyChart } from '../plots/PlotlyChart';
import type { TuningState } from '../store/state';

const LEFT = { textAlign: 'left' } as const;
const gap = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : v.toFixed(2));

export function TuningPanel(props: { method: MethodInfo; tuning: TuningState }) {
  const { method, tuning } = props;
  const dispatch = useDispatch();
  const largeType = useLab((s) => s.largeType);
  const [adopted, setAdopted] = useState<number | null>(null);
  const figure = useMemo(() => paretoFigure(tuning.trials, method.label), [tuning.trials, method.label]);
  const placed = tuning.trials.filter((t) => t.gaps);
  const front = new Set(paretoFront(placed.map((t) => ({ x: t.gaps!.utility, y: t.gaps!.forget }))).flatMap((on, i) => (on ? [placed[i].index] : [])));
  const best = chooseTrial(tuning.trials, 'avgGap');
  const adoptedTrial = tuning.trials.find((t) => t.index === adopted);

  function adopt(index: number): void {
    const trial = tuning.trials.find((t) => t.index === index);
    if (!trial) return;
    // What the trial ran: the form as it was when Tune was pressed, with the trial's tuned parameters on top.
    dispatch({ type: 'ui:method-params', id: method.id, params: { ...tuning.base, ...trial.params } });
    dispatch({ type: 'ui:method-check', id: method.id, checked: true });
    setAdopted(index);
  }

  return (
    <div className="tuning" data-testid={`tuning-${method.id}`} data-running={tuning.running ? 'yes' : 'no'}>
      <p className="muted" aria-live="polite">
        Tuning {method.label}: {tuning.trials.length} of {tuning.budget} trials{tuning.running ? ' so far' : ' finished'}. The trials run on the
        current data in a session of their own (its own Original and Retrain); trial 0 is the form as it was, the others draw the method's tuned parameters. Lower-left is closer to Retrain.
      </p>
      <PlotlyChart id="pareto" drawWhileBusy title={`Tuning ${method.label}: forgetting vs utility`} largeType={largeType}
        description="Each trial placed by its utility gap (|ΔRA| + |ΔTA|) and its forgetting gap (|ΔUA| + |ΔMIA|) to Retrain in percentage points; the non-dominated trials form the Pareto front, trial 0 is a star. Clicking a point puts its parameters into the form."
        figure={figure} onPointClick={(index) => adopt(index)}>
        {!tuning.running && (
          <button type="button" className="link" onClick={() => dispatch({ type: 'ui:tune-clear' })}>Close</button>
        )}
      </PlotlyChart>
      {adoptedTrial && <p role="status" data-testid="tune-adopted">Trial {adoptedTrial.index}'s parameters are in the form: {describeTrial(adoptedTrial)}.</p>}
      {tuning.trials.length > 0 && (
        <div className="table-wrap">
          <table className="compare" data-testid="tune-trials">
            <caption className="visually-hidden">Trials of {method.label}: parameters and gaps to Retrain (percentage points)</caption>
            <thead>
              <tr><th scope="col">trial</th><th scope="col" style={LEFT}>parameters</th><th scope="col">utility gap</th><th scope="col">forgetting gap</th><th scope="col">avg gap</th><th scope="col" style={LEFT}>note</th><th scope="col"><span className="visually-hidden">action</span></th></tr>
            </thead>
            <tbody>
              {tuning.trials.map((t) => (
                <tr key={t.index} data-trial={t.index}>
                  <th scope="row">{t.index}</th>
                  <td style={LEFT}>
                    {t.index === 0 || !Object.keys(t.params).length
                      ? START_SETTINGS
                      : Object.entries(t.params).map(([k, v], i) => (
                        <span key={k}>{i > 0 && ', '}{k} <data value={String(v)} data-param={k}>{formatParam(v)}</data></span>
                      ))}
                  </td>
                  <td>{gap(t.gaps?.utility)}</td>
                  <td>{gap(t.gaps?.forget)}</td>
                  <td>{gap(t.objective ?? undefined)}</td>
                  <td style={LEFT}>{[front.has(t.index) && 'Pareto front', best === t.index && 'lowest avg gap', t.status !== 'ok' && t.status].filter(Boolean).join('; ')}</td>
                  <td>
                    <button type="button" aria-label={`Use the parameters of trial ${t.index}`} onClick={() => adopt(t.index)}>Use these parameters</button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
