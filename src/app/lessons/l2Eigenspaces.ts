/** Lesson 2: features and eigenspaces — the eigenspectrum, and what "lying in the retain eigenspace" means. */
import { BLOBS_3_FEATURES_4, lessonConfig } from './configs';
import { lessonFeatures, lessonSpectrum } from './figures';
import { className, daSetting, daWithK, fmt, largestAngleDeg, metric, missingModels, pct } from './narrate';
import type { Lesson, LessonRun, Measured } from './types';

const runs: LessonRun[] = [{ key: 'retrain', id: 'retrain', label: 'Retrain' }];

/**
 * DA and the energy share from a forget covariance Σ_f = Σ_j μ_j w_j w_jᵀ and
 * the part s_j = ‖U_rᵀ w_j‖² of each forget direction inside U_r:
 *   energy share = Σ μ_j s_j / Σ μ_j,   DA = √(Σ μ_j² s_j / Σ μ_j²).
 * The second is the lab's ‖Σ_f U_r‖_F / ‖Σ_f‖_F (alignment.ts) written by
 * eigenvalues: the squares are why DA is not the energy share.
 */
export function daByDirection(mu: number[], inside: number[]): { energyShare: number; DA: number } {
  let e = 0, eIn = 0, e2 = 0, e2In = 0;
  mu.forEach((u, j) => { e += u; eIn += u * inside[j]; e2 += u * u; e2In += u * u * inside[j]; });
  return { energyShare: e > 0 ? eIn / e : 0, DA: e2 > 0 ? Math.sqrt(e2In / e2) : 0 };
}

/** The lesson's worked example: Σ_f = diag(0.9, 0.1), U_r = e₁. */
export const DA_EXAMPLE = daByDirection([0.9, 0.1], [1, 0]);

/**
 * Share of the energy a two-direction forget set (one direction inside U_r,
 * one outside) keeps outside U_r at a given DA: with r = μ₂/μ₁, DA² = 1/(1 + r²).
 */
export function outsideShareAtDA(da: number): number {
  const r = Math.sqrt(1 / (da * da) - 1);
  return r / (1 + r);
}

const EXAMPLE_TEXT = `Σ_f = diag(0.9, 0.1) with U_r = e\u2081 (the first axis) has ${pct(DA_EXAMPLE.energyShare)} of its energy inside, yet DA = ${fmt(DA_EXAMPLE.DA)} (\u221a(0.81/0.82))`;

/** Energy share of the top retain direction of a model, from its normalised spectrum. */
function topShare(m: Measured, key: string): number | undefined {
  const r = m.models[key]?.spectrum.retain;
  if (!r?.length) return undefined;
  const sum = r.reduce((a, b) => a + Math.max(0, b), 0);
  return sum > 0 ? Math.max(0, r[0]) / sum : undefined;
}

export function measured(m: Measured): string[] {
  const missing = missingModels(m, ['original', 'retrain']);
  if (missing.length) return missing;
  const c = m.config.scenario.kind === 'class' ? m.config.scenario.class : 0;
  const C = m.config.model.featureDim;
  const kO = m.models.original.metrics.daInfo?.k;
  const kR = m.models.retrain.metrics.daInfo?.k;
  const daO = metric(m, 'original', 'DA');
  const daR = metric(m, 'retrain', 'DA');
  const out: string[] = [];
  out.push(`Eigenspectrum of the retain features (${C} feature units, ${daSetting(m)}): the top direction holds ${pct(topShare(m, 'original'))} of the energy under Original and ${pct(topShare(m, 'retrain'))} under Retrain; k = ${kO ?? '–'} (Original) and k = ${kR ?? '–'} (Retrain) directions make the retain eigenspace.`);
  out.push(`DA of the forget set (${className(m, c)}): Original ${daWithK(m, 'original')}, Retrain ${daWithK(m, 'retrain')}.`);
  if (daO !== undefined && daR !== undefined) {
    out.push(daR > daO
      ? `Under Retrain, the forget points — which it never saw — reach DA ${fmt(daR)} with its retain eigenspace; under Original only ${fmt(daO)}: Original gave ${className(m, c)} directions of its own, strong enough to lower its DA. That is what "lying in the retain eigenspace" means as DA measures it: the forget set's strong directions lie inside, weighted by their squared eigenvalues — not a share of its energy.`
      : `In this run Retrain's DA (${fmt(daR)}) is not above Original's (${fmt(daO)}): the forget points are no better aligned with Retrain's retain eigenspace than with Original's. With a 4-unit feature layer a single seed can land either way; the MNIST lesson (3) measures the same question on real digits.`);
  }
  const aO = largestAngleDeg(m, 'original');
  const aR = largestAngleDeg(m, 'retrain');
  if (aO !== undefined && aR !== undefined) {
    out.push(`The largest principal angle between the top retain and top forget directions is ${aO.toFixed(0)}° under Original and ${aR.toFixed(0)}° under Retrain (0° = the forget set uses the retain directions, 90° = a direction of its own).`);
  }
  return out;
}

export const lesson2: Lesson = {
  id: 'eigenspaces',
  title: 'Features and eigenspaces',
  goal: 'Features live in a space; the retain data uses a few directions of it; DA asks whether the forget set\'s strong directions lie in those directions.',
  runMinutes: 0.5,
  config: lessonConfig(BLOBS_3_FEATURES_4, runs),
  play: 'da-playground',
  runs,
  intro: [
    'A classifier is two parts: a feature extractor (here the 4 units of the penultimate layer) and a linear head that reads the class off the features. Unlearning methods differ mostly in what they do to the features.',
    'Stack the retain samples\' features as the rows of X_r. The eigenvectors of X_r\u1d40X_r are the directions the retain data uses; their eigenvalues, sorted, are the eigenspectrum and say how much energy each direction holds. The top k directions that together hold a share \u03c4 of the energy span the retain eigenspace U_r.',
    'A forget sample lies in the retain eigenspace when its feature vector is (almost) a combination of those k directions. DA asks it of the whole forget set: DA = \u2016\u03a3_f U_r\u2016_F / \u2016\u03a3_f\u2016_F with \u03a3_f = X_f\u1d40X_f (features uncentered by default; centring subtracts the retain mean from both sets first). Write \u03a3_f by its eigenvalues \u03bc_j and directions w_j: DA\u00b2 = \u03a3 \u03bc_j\u00b2 \u2016U_r\u1d40w_j\u2016\u00b2 / \u03a3 \u03bc_j\u00b2, the part of each forget direction inside U_r averaged with the squared eigenvalues as weights, then a square root. DA = 1 means the forget features lie entirely inside.',
    `DA is therefore not the share of the forget features' energy inside U_r: that share weights by \u03bc_j, DA by \u03bc_j\u00b2. ${EXAMPLE_TEXT}. The squares let the strong forget directions dominate and make weak ones of its own count little; on uncentered features the strongest direction is usually the mean direction every class shares. That is why, on the MNIST lessons' 128-unit features, every model's DA sits between about 0.93 and 1.00 (docs/method.md's reference runs) and the differences that matter are in the second decimal. Compare a model's DA with Retrain's, never with 1.`,
    'Here: three blobs, an MLP with a 4-unit feature layer, forget class 1. The feature plot shows the 4-D features projected on their top principal axes (switch to 3-D to turn it around).',
  ],
  lookAt: [
    { label: 'The eigenspectrum plot (lab, step 6)', selectors: ['[data-plot="spectrum"]', '#plots'], why: 'Retain (solid) vs forget (dashed) eigenvalues per model, log scale. A forget spectrum with energy where the retain one has little means directions of its own.' },
    { label: 'The feature-space plot (lab, step 6)', selectors: ['[data-plot="features"]', '#plots'], why: 'Forget samples are diamonds. Under Retrain they should sit on the same sheet as the retain points; under Original they may stick out.' },
    { label: 'Principal angles (lab, step 6)', selectors: ['[data-plot="angles"]', '#plots'], why: 'Angles between the retain and forget eigenspaces: near 90° means a direction of its own.' },
  ],
  plots: [
    { id: 'lesson-spectrum', title: 'Eigenspectrum: retain vs forget', description: 'Normalised eigenvalues of the retain and forget feature matrices, Original and Retrain.', figure: (m) => lessonSpectrum(m, ['original', 'retrain']) },
    { id: 'lesson-features', title: 'Feature space: Original vs Retrain', description: 'Penultimate features projected on their principal axes; forget samples are diamonds.', figure: (m, v) => lessonFeatures(m, ['original', 'retrain'], v.dims), threeD: true },
  ],
  measured,
  takeaway: 'DA weights each forget direction by its squared eigenvalue: it reads how the strong directions lie, not the share of energy inside the retain eigenspace.',
  headline: { label: 'DA of the forget set: Original → Retrain (blobs)', value: (m) => (m.models.original && m.models.retrain ? `${fmt(metric(m, 'original', 'DA'))} → ${fmt(metric(m, 'retrain', 'DA'))}` : undefined) },
  question: {
    prompt: 'The DA of a forget set is 0.99 under some model. What does that say?',
    choices: [
      {
        id: 'accuracy', text: '99 % of the forget samples are classified correctly.', correct: false,
        feedback: () => 'No: DA never looks at predictions. It is a property of the features: how far the forget features\' second-moment matrix \u03a3_f lies in the directions the retain data uses.',
      },
      {
        id: 'energy', text: '99 % of the forget features\' energy lies in the retain eigenspace.', correct: false,
        feedback: () => `Close, but DA is not an energy share: DA\u00b2 = \u03a3 \u03bc_j\u00b2 \u2016U_r\u1d40w_j\u2016\u00b2 / \u03a3 \u03bc_j\u00b2 weights each forget direction by its squared eigenvalue. ${EXAMPLE_TEXT}. A DA of 0.99 leaves room for ${pct(outsideShareAtDA(0.99))} of the energy outside, or more when it is spread over several weak directions.`,
      },
      {
        id: 'strong-directions', text: 'The forget features\' strong directions lie (almost) entirely in the retain eigenspace; weak directions of their own may remain.', correct: true,
        feedback: (m) => `Right. DA = \u2016\u03a3_f U_r\u2016_F / \u2016\u03a3_f\u2016_F averages how much of each forget direction lies in U_r with the squared eigenvalues as weights, then takes the root, so strong directions dominate: ${EXAMPLE_TEXT}.${m && metric(m, 'retrain', 'DA') !== undefined ? ` In this run: Original ${daWithK(m, 'original')}, Retrain ${daWithK(m, 'retrain')}.` : ''}`,
      },
      {
        id: 'forgotten', text: 'The model has forgotten 99 % of the forget set.', correct: false,
        feedback: () => 'No: DA alone says nothing about forgetting. When the forget set looks like the retain data (random forgetting), even Original has DA near 1. DA tells forgetting apart only when the forget set had directions of its own, and it is compared with Retrain\'s DA, not with 1.',
      },
    ],
  },
};
