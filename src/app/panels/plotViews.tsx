/**
 * The lab's plots, one component each, so that a plot computes its figure only
 * where it is shown: pinned in the workbench's views (PinnedViews) or in the
 * Plots section (PlotsPanel). Every plot is a converter (plots/*.ts, tested)
 * feeding PlotlyChart; live data redraws at most every 250 ms.
 */
import { useMemo, useRef, useState, type ReactNode } from 'react';
import { useDispatch, useLab } from '../context';
import { boundaryFigure } from '../plots/boundary';
import { daFigure } from '../plots/daCurves';
import { featureScatterFigure, featureStepsFigure, recordedSteps } from '../plots/featureScatter';
import { methodIds, type FigureOrEmpty, type Labels } from '../plots/figure';
import { CURVE_METRICS, metricCurvesFigure, type CurveMetric } from '../plots/metricCurves';
import { miaFigure } from '../plots/mia';
import { PlotlyChart, type PlotlyChartProps } from '../plots/PlotlyChart';
import { principalAnglesFigure } from '../plots/principalAngles';
import { runPoints, runsScatterFigure } from '../plots/runsScatter';
import { spectrumFigure } from '../plots/spectrum';
import { PLOT_VIEW_IDS, type PlotViewId } from '../store/pinnedViews';
import type { ModelResult } from '../../engine/results';
import { SampleCard } from './SampleCard';
import { useLabels } from './useLabels';

/** `value` as it was when the worker was last idle: figures that are only drawn when idle are not recomputed mid-run. */
function useIdleValue<T>(value: T, busy: boolean): T {
  const ref = useRef(value);
  if (!busy) ref.current = value;
  return ref.current;
}

/** The finished models as of the last idle moment (see useIdleValue). */
function useIdleModels(): Record<string, ModelResult> {
  const live = useLab((s) => s.models);
  const busy = useLab((s) => s.busy !== null);
  return useIdleValue(live, busy);
}

function PinToggle(props: { id: PlotViewId; title: string }) {
  const pinned = useLab((s) => s.pinnedViews.includes(props.id));
  const dispatch = useDispatch();
  return (
    <button type="button" className="link pin" data-testid={`pin-${props.id}`} aria-pressed={pinned}
      aria-label={`${pinned ? 'Unpin' : 'Pin'} ${props.title}`}
      title={pinned ? 'Move back to the Plots section' : 'Keep this plot in view beside the controls (remembered in this browser)'}
      onClick={() => dispatch({ type: 'ui:pin-view', id: props.id, pinned: !pinned })}>
      {pinned ? 'Unpin' : 'Pin'}
    </button>
  );
}

/** A chart with its pin toggle among its controls. */
function Chart(props: PlotlyChartProps & { id: PlotViewId; height?: number }) {
  const largeType = useLab((s) => s.largeType);
  const { children, ...rest } = props;
  return (
    <PlotlyChart {...rest} largeType={largeType}>
      {children}
      <PinToggle id={props.id} title={props.title} />
    </PlotlyChart>
  );
}

function MethodPicker(props: { methods: string[]; value: string; onChange: (id: string) => void }): ReactNode {
  const labels = useLabels();
  if (!props.methods.length) return null;
  return (
    <label className="inline-control">
      Method{' '}
      <select value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.methods.map((m) => <option key={m} value={m}>{labels[m] ?? m}</option>)}
      </select>
    </label>
  );
}

/** The chosen method (the last one run until the person picks one), and Original, it and Retrain side by side. */
function usePickedMethod(models: Record<string, ModelResult>) {
  const methods = methodIds(models);
  const [picked, setPicked] = useState('');
  const method = methods.includes(picked) ? picked : methods[methods.length - 1] ?? '';
  const sideBySide = useMemo(() => ['original', ...(method ? [method] : []), 'retrain'], [method]);
  return { methods, method, setPicked, sideBySide };
}

function DaView(props: { height?: number }) {
  const curves = useLab((s) => s.curves);
  const models = useLab((s) => s.models);
  const labels = useLabels();
  const figure = useMemo(() => daFigure(curves, models, labels), [curves, models, labels]);
  return (
    <Chart live id="da" title="Dimensional alignment over steps" height={props.height}
      description="DA of the forget features with the retain eigenspace at each unlearning step, one line per method; Retrain's and Original's DA as reference lines."
      figure={figure} />
  );
}

function MetricCurvesView(props: { height?: number }) {
  const curves = useLab((s) => s.curves);
  const models = useLab((s) => s.models);
  const labels = useLabels();
  const [metric, setMetric] = useState<CurveMetric | 'all'>('UA');
  const figure = useMemo(() => metricCurvesFigure(curves, models, labels, metric === 'all' ? CURVE_METRICS : [metric]), [curves, models, labels, metric]);
  return (
    <Chart live id="metric-curves" title="UA, RA, TA and MIA over steps" height={props.height}
      description="Unlearning, retain and test accuracy and MIA-efficacy at each unlearning step; dashed lines are Retrain's final values."
      figure={figure}>
      <label className="inline-control">
        Show{' '}
        <select value={metric} onChange={(e) => setMetric(e.target.value as CurveMetric | 'all')} title="One metric redraws quickly while a method runs; all four side by side cost more">
          {CURVE_METRICS.map((m) => <option key={m} value={m}>{m}</option>)}
          <option value="all">all four</option>
        </select>
      </label>
    </Chart>
  );
}


function FeaturesView(props: { height?: number }) {
  const models = useIdleModels();
  const data = useLab((s) => s.data);
  const labels = useLabels();
  const { methods, method, setPicked, sideBySide } = usePickedMethod(models);
  const [dims, setDims] = useState<2 | 3>(2);
  const [hovered, setHovered] = useState<number | null>(null);
  // A position on the chosen method's recorded steps; one past the last means the final models.
  const [stepPick, setStepPick] = useState<{ id: string; index: number } | null>(null);
  const steps = useMemo(() => (dims === 2 ? recordedSteps(models, method) : []), [models, method, dims]);
  const stepIndex = stepPick?.id === method ? Math.min(stepPick.index, steps.length) : steps.length;
  const figure = useMemo(
    () => (stepIndex < steps.length
      ? featureStepsFigure(models, method, stepIndex, { labels, classNames: data?.classNames })
      : featureScatterFigure(models, sideBySide, { dims, labels, classNames: data?.classNames })),
    [models, method, stepIndex, steps, sideBySide, dims, labels, data],
  );
  return (
    <Chart id="features" title="Feature space (PCA)" height={props.height}
      description="Features projected on a PCA basis: Original, the chosen method and Retrain side by side; forget samples are diamonds. The step slider shows the method at each recorded step beside step 0, on the Original's basis."
      figure={figure} onPointHover={setHovered} overlay={hovered !== null && <SampleCard index={hovered} />}>
      <MethodPicker methods={methods} value={method} onChange={setPicked} />
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
    </Chart>
  );
}

function BoundaryView(props: { height?: number }) {
  const models = useIdleModels();
  const data = useLab((s) => s.data);
  const labels = useLabels();
  const { methods, method, setPicked, sideBySide } = usePickedMethod(models);
  const points = useMemo(() => (data?.points ? { ...data.points, labels: data.trainLabels, forget: new Set(data.forget) } : null), [data]);
  const figure = useMemo(() => (data?.points ? boundaryFigure(models, sideBySide, points, data.numClasses, labels) : null), [models, sideBySide, points, data, labels]);
  if (!figure) return null;
  return (
    <Chart id="boundary" title="Decision boundary" height={props.height}
      description="Predicted class over the plane with confidence contours, training points on top and the forget set as diamonds: Original, the chosen method and Retrain."
      figure={figure}>
      <MethodPicker methods={methods} value={method} onChange={setPicked} />
    </Chart>
  );
}



function RunsView(props: { height?: number }) {
  const models = useIdleModels();
  const runs = useLab((s) => s.runs);
  const labels = useLabels();
  const figure = useMemo(() => runsScatterFigure(runPoints([
    { name: 'this session', results: { models } },
    ...(runs ?? []).filter((r) => r.results).map((r) => ({ name: r.name, results: r.results! })),
  ]), labels), [models, runs, labels]);
  return (
    <Chart id="runs" title="All runs: distance to Retrain" height={props.height}
      description="Each unlearned model of this session and of stored runs, placed by |ΔUA| and |ΔTA| to its own Retrain; the origin is Retrain."
      figure={figure} />
  );
}

type ViewProps = { height?: number };

/** A plot that is one converter of the finished models (as of the last idle moment) and the labels, with nothing to choose. */
function modelsView(id: PlotViewId, title: string, description: string, figureOf: (models: Record<string, ModelResult>, labels: Labels) => FigureOrEmpty) {
  return function ModelsView(props: ViewProps) {
    const models = useIdleModels();
    const labels = useLabels();
    const figure = useMemo(() => figureOf(models, labels), [models, labels]);
    return <Chart id={id} title={title} height={props.height} description={description} figure={figure} />;
  };
}

const SpectrumView = modelsView('spectrum', 'Eigenspectrum: retain vs forget features',
  'Normalised eigenvalues of the retain and forget feature covariances, log scale, one panel per model.', spectrumFigure);
const AnglesView = modelsView('angles', 'Principal angles between retain and forget eigenspaces',
  'Angles in degrees between the top retain and top forget eigenvectors, one row per model; 90° means the forget features live in their own directions.', principalAnglesFigure);
const MiaView = modelsView('mia', 'Membership-inference scores',
  'Histograms of the probability of the true label for forget, test and retain samples, one panel per model.', miaFigure);

const VIEWS: Record<PlotViewId, (props: ViewProps) => ReactNode> = {
  da: DaView, 'metric-curves': MetricCurvesView, spectrum: SpectrumView, features: FeaturesView,
  boundary: BoundaryView, angles: AnglesView, mia: MiaView, runs: RunsView,
};

/** The plots with `pinned` as given, in the Plots section's order. */
export function PlotViews(props: { pinned: boolean; height?: number }) {
  const pinnedViews = useLab((s) => s.pinnedViews);
  return (
    <>
      {PLOT_VIEW_IDS.filter((id) => pinnedViews.includes(id) === props.pinned).map((id) => {
        const View = VIEWS[id];
        return <View key={id} height={props.height} />;
      })}
    </>
  );
}
