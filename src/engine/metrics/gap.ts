/**
 * Distance of an unlearned model to Retrain over the output-level metrics
 * (docs/metrics.md): the average gap and the tug-of-war score.
 */

/** The metrics both scores read; fractions in [0, 1]. */
export interface GapInputs {
  UA: number;
  RA: number;
  TA: number;
  MIA?: number;
}

/**
 * Mean of |ΔUA|, |ΔRA|, |ΔTA|, |ΔMIA| to Retrain, **in percentage points
 * (0–100), not a fraction** — the unit the unlearning literature reports it
 * in (e.g. 1.5 = 1.5 points away from Retrain on average).
 * MIA is skipped (the mean is then over three) when either side lacks a
 * finite MIA, e.g. when the attacker had no test samples.
 */
export function avgGap(model: GapInputs, retrain: GapInputs): number {
  const gaps = [
    Math.abs(model.UA - retrain.UA),
    Math.abs(model.RA - retrain.RA),
    Math.abs(model.TA - retrain.TA),
  ];
  if (Number.isFinite(model.MIA) && Number.isFinite(retrain.MIA)) gaps.push(Math.abs(model.MIA! - retrain.MIA!));
  return (100 * gaps.reduce((a, g) => a + g, 0)) / gaps.length;
}

/**
 * ToW = (1 − |ΔA_f|)(1 − |ΔA_r|)(1 − |ΔA_t|), accuracies as fractions vs
 * Retrain, with A_f = 1 − UA (forget accuracy), A_r = RA, A_t = TA.
 * In [0, 1]; 1 = indistinguishable from Retrain on all three.
 */
export function tugOfWar(model: GapInputs, retrain: GapInputs): number {
  const dForget = Math.abs((1 - model.UA) - (1 - retrain.UA));
  const dRetain = Math.abs(model.RA - retrain.RA);
  const dTest = Math.abs(model.TA - retrain.TA);
  return (1 - dForget) * (1 - dRetain) * (1 - dTest);
}
