/** Step 2: train the Original model and watch its loss and accuracy. */
import { useMemo } from 'react';
import { useClient, useLab } from '../context';
import { describeTrainPath } from '../../engine/events';
import { PlotlyChart } from '../plots/PlotlyChart';
import { trainFigure } from '../plots/trainCurves';
import { BackendBadge } from './BackendBadge';
import { Section } from './ui';

const pct = (v: number | undefined) => (typeof v === 'number' ? `${(v * 100).toFixed(1)}%` : '—');

export function TrainPanel() {
  const client = useClient();
  const history = useLab((s) => s.trainHistory);
  const original = useLab((s) => s.models.original);
  const path = useLab((s) => s.trainPaths.original);
  const data = useLab((s) => s.data);
  const busy = useLab((s) => s.busy);
  const largeType = useLab((s) => s.largeType);
  const figure = useMemo(() => trainFigure(history), [history]);

  return (
    <Section step={2} id="train" title="Train Original" intro="The Original model is trained on the whole training set, forget set included. Every method starts from it.">
      <BackendBadge withSwitch />
      <div className="row">
        <button type="button" className="primary" disabled={!data || !!busy} onClick={() => void client.trainOriginal()}>
          {original ? 'Train Original again' : 'Train Original'}
        </button>
        <p className="result-line" data-testid="original-accuracy" aria-live="polite">
          {original
            ? <>Original: test accuracy <strong>{pct(original.metrics.TA)}</strong>, retain accuracy {pct(original.metrics.RA)}, forget-set accuracy {pct(1 - original.metrics.UA)} ({(original.timeMs / 1000).toFixed(1)} s)</>
            : 'Not trained yet.'}
        </p>
      </div>
      {original && path && <p className="muted" data-testid="train-path">Trained with {describeTrainPath(path)}.</p>}
      {/* No training path in this page: the Original came back from IndexedDB (client/keptOriginal.ts). */}
      {original && !path && <p className="muted" data-testid="train-path">Restored from this browser's storage: trained with this config on an earlier visit.</p>}
      <PlotlyChart live id="training" title="Training loss and accuracy" description="Loss (top) and accuracy (bottom) per training step of Original and Retrain." figure={figure} largeType={largeType} />
    </Section>
  );
}
