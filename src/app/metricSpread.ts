/**
 * Whether a metric can separate the models of a run at all: when its values
 * across every model, Original and Retrain included, lie within a small
 * tolerance, the metric is saturated for this scenario and its column says
 * nothing about the methods (the table greys it).
 *
 * Measured saturation (MNIST, MLP, issue #13):
 * - DA on random forgetting: every model reads 1.000 (spread 1e-4; the forget
 *   set is a sample of the retain distribution, so it lies in the retain
 *   eigenspace whatever the model).
 * - relearnSteps on random forgetting: every model reads 0 (forget accuracy
 *   starts above half the Original's: Retrain generalises to D_f).
 * - On class-wise forgetting no metric saturates (NMI did, at 0, while it was
 *   computed on D_f alone).
 * Original and Retrain must both be among the values: without the two
 * anchors, methods that agree with each other are not evidence that the
 * metric cannot move.
 */
import type { NumericMetric } from '../engine/results';

export type SpreadKey = NumericMetric | 'timeMs';

/**
 * Spread (max − min) below which a metric cannot separate models, in its own
 * unit; null: never greyed. Fractions: half a percentage point, far above
 * float noise and DA's 1e-4 spread on random forgetting, below the gaps the
 * metrics are read for. Typed as a total record so a new metric cannot be
 * forgotten here.
 */
export const SPREAD_TOLERANCE: Record<SpreadKey, number | null> = {
  UA: 0.005, RA: 0.005, TA: 0.005, forgetTestAcc: 0.005, MIA: 0.005, MIAthreshold: 0.005, lossMIA: 0.005,
  ToW: 0.005, DA: 0.005, LP: 0.005, NMI: 0.005, F1: 0.005, CKAvsRetrain: 0.005, CKAvsOriginal: 0.005, ASR: 0.005,
  avgGap: 0.5, // percentage points
  relearnSteps: 1, // whole steps: all models at the same count
  timeMs: null, // equal times are not a saturated measurement
};

/** max − min of the finite values; NaN when there are none. */
export function spreadOf(values: readonly (number | undefined)[]): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v === undefined || !Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return hi >= lo ? hi - lo : NaN;
}

/**
 * True when the metric `key` cannot separate the models whose values are
 * given by model id: Original and Retrain both have a value, and the spread
 * over all models is below the metric's tolerance.
 */
export function cannotSeparate(key: SpreadKey, byModel: Readonly<Record<string, number | undefined>>): boolean {
  const tolerance = SPREAD_TOLERANCE[key];
  if (tolerance === null) return false;
  const has = (v: number | undefined) => v !== undefined && Number.isFinite(v);
  if (!has(byModel.original) || !has(byModel.retrain)) return false;
  return spreadOf(Object.values(byModel)) < tolerance;
}
