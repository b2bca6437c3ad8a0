/**
 * Step 6: the feature space and the curves. Every plot is a converter
 * (plots/*.ts, tested) feeding PlotlyChart; live data redraws at most every 250 ms.
 */
import { useMemo, useRef, useState } from 'react';
import { useLab } from '../context';
import { boundaryFigure } from '../plots/boundary';
import { daFigure } from '../plots/daCurves';
import { featureScatterFigure, featureStepsFigure, recordedSteps } from '../plots/featureScatter';
import { methodIds } from '../plots/figure';
import { CURVE_METRICS, metricCurvesFigure, type CurveMetric } from '../plots/metricCurves';
import { miaFigure } from '../plots/mia';
import { PlotlyChart } from '../plots/PlotlyChart';
import { principalAnglesFigure } from '../plots/principalAngles';
import { runPoints, runsScatterFigure } from '../plots/runsScatter';
import { spectrumFigure } from '../plots/spectrum';
import { SampleCard } from './SampleCard';
import { useLabels } from './useLabels';
import { Section } from './ui';

/** `value` as it was when the worker was last idle: figures that are only drawn when idle are not recomputed mid-run. */
function useIdleValue<T>(value: T, busy: boolean): T {
  const ref = useRef(value);
  if (!busy) ref.current = value;
  return ref.current;
}

export function PlotsPanel() {
  const liveModels = useLab((s) => s.models);
  const busy = useLab((s) => s.busy !== null);
  const models = useIdleValue(liveModels, busy);
  const curves = useLab((s) => s.curves);
  const data = useLab((s) => s.data);
  const runs = useLab((s) => s.runs);
  const largeType = useLab((s) => s.largeType);
  const labels = useLabels();
  const methods = methodIds(models);
  const [picked, setPicked] = useState<string>('');
  const [dims, setDims] = useState<2 | 3>(2);
  const [hovered, setHovered] = useState<number | null>(null);
  // A position on the chosen method's recorded steps; one past the last means the final models.
  const [stepPick, setStepPick] = useState<{ id: string; index: number } | null>(null);
  const [curveMetric, setCurveMetric] = useState<CurveMetric | 'all'>('UA');
  const method = methods.includes(picked) ? picked : methods[methods.length - 1] ?? '';
  const sideBySide = useMemo(() => ['original', ...(method ? [method] : []), 'retrain'], [method]);

  const spectrum = useMemo(() => spectrumFigure(models, labels), [models, labels]);
  const da = useMemo(() => daFigure(curves, liveModels, labels), [curves, liveModels, labels]);
  const metricCurves = useMemo(
    () => metricCurvesFigure(curves, liveModels, labels, curveMetric === 'all' ? CURVE_METRICS : [curveMetric]),
    [curves, liveModels, labels, curveMetric],
  );
  const steps = useMemo(() => (dims === 2 ? recordedSteps(models, method) : []), [models, method, dims]);
  const stepIndex = stepPick?.id === method ? Math.min(stepPick.index, steps.length) : steps.length;
  const scatter = useMemo(
    () => (stepIndex < steps.length
      ? featureStepsFigure(models, method, stepIndex, { labels, classNames: data?.classNames })
      : featureScatterFigure(models, sideBySide, { dims, labels, classNames: data?.classNames })),
    [models, method, stepIndex, steps, sideBySide, dims, labels, data],
  );
  const boundaryPoints = useMemo(() => (data?.points ? { ...data.points, labels: data.trainLabels, forget: new Set(data.forget) } : null), [data]);
  const boundary = useMemo(() => (data?.points ? boundaryFigure(models, sideBySide, boundaryPoints, data.numClasses, labels) : null), [models, sideBySide, boundaryPoints, data, labels]);
  const angles = useMemo(() => principalAnglesFigure(models, labels), [models, labels]);
  const mia = useMemo(() => miaFigure(models, labels), [models, labels]);
  const allRuns = useMemo(() => runsScatterFigure(runPoints([
    { name: 'this session', results: { models } },
    ...(runs ?? []).filter((r) => r.results).map((r) => ({ name: r.name, results: r.results! })),
  ]), labels), [models, runs, labels]);

  const methodPicker = methods.length > 0 && (
    <label className="inline-control">
      Method{' '}
      <select value={method} onChange={(e) => setPicked(e.target.value)}>
        {methods.map((m) => <option key={m} value={m}>{labels[m] ?? m}</option>)}
      </select>
    </label>
  );

  return (
    <Section step={6} id="plots" title="Feature space and curves" intro="How each method changed what the model computes — not only what it outputs.">
      <div className="plots">
        <PlotlyChart live id="da" title="Dimensional alignment over steps" largeType={largeType}
          description="DA of the forget features with the retain eigenspace at each unlearning step, one line per method; Retrain's and Original's DA as reference lines."
          figure={da} />
        <PlotlyChart id="spectrum" title="Eigenspectrum: retain vs forget features" largeType={largeType}
          description="Normalised eigenvalues of the retain and forget feature covariances, log scale, one panel per model."
          figure={spectrum} />
        <PlotlyChart live id="metric-curves" title="UA, RA, TA and MIA over steps" largeType={largeType}
          description="Unlearning, retain and test accuracy and MIA-efficacy at each unlearning step; dashed lines are Retrain's final values."
          figure={metricCurves}>
          <label className="inline-control">
            Show{' '}
            <select value={curveMetric} onChange={(e) => setCurveMetric(e.target.value as CurveMetric | 'all')} title="One metric redraws quickly while a method runs; all four side by side cost more">
              {CURVE_METRICS.map((m) => <option key={m} value={m}>{m}</option>)}
              <option value="all">all four</option>
            </select>
          </label>
        </PlotlyChart>
        <PlotlyChart id="features" title="Feature space (PCA)" largeType={largeType}
          description="Features projected on a PCA basis: Original, the chosen method and Retrain side by side; forget samples are diamonds. The step slider shows the method at each recorded step beside step 0, on the Original's basis."
          figure={scatter} onPointHover={setHovered} overlay={hovered !== null && <SampleCard index={hovered} />}>
          {methodPicker}
          {steps.length > 1 && (
            <label className="inline-control" title="Step through the run: the method's features at each recorded step beside step 0, on the Original's PCA basis. At the right end: the final models.">
              Step{' '}
              <input type="range" data-testid="feature-step" min={0} max={steps.length} step={1} value={stepIndex}
                aria-valuetext={stepIndex < steps.length ? `step ${steps[stepIndex]} of ${steps[steps.length - 1]}` : 'final models'}
                onChange={(e) => setStepPick({ id: method, index: Number(e.target.value) })} />
              <span className="muted" data-testid="feature-step-label">{stepIndex < steps.length ? `${steps[stepIndex]} / ${steps[steps.length - 1]}` : 'final'}</span>
            </label>
          )}
          <label className="inline-control">
            <input type="checkbox" checked={dims === 3} onChange={(e) => setDims(e.target.checked ? 3 : 2)} /> 3-D
          </label>
        </PlotlyChart>
        {boundary && (
          <PlotlyChart id="boundary" title="Decision boundary" largeType={largeType}
            description="Predicted class over the plane with confidence contours, training points on top and the forget set as diamonds: Original, the chosen method and Retrain."
            figure={boundary}>
            {methodPicker}
          </PlotlyChart>
        )}
        <PlotlyChart id="angles" title="Principal angles between retain and forget eigenspaces" largeType={largeType}
          description="Angles in degrees between the top retain and top forget eigenvectors, one row per model; 90° means the forget features live in their own directions."
          figure={angles} />
        <PlotlyChart id="mia" title="Membership-inference scores" largeType={largeType}
          description="Histograms of the probability of the true label for forget, test and retain samples, one panel per model."
          figure={mia} />
        <PlotlyChart id="runs" title="All runs: distance to Retrain" largeType={largeType}
          description="Each unlearned model of this session and of stored runs, placed by |ΔUA| and |ΔTA| to its own Retrain; the origin is Retrain."
          figure={allRuns} />
      </div>
    </Section>
  );
}
