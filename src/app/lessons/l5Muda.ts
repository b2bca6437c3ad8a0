/** Lesson 5: MUDA — the DA regularizer, self-distillation and the alternating scheme, with its ablations. */
import { lessonConfig, MNIST_CLASS_3, MUDA_LESSON_PARAMS } from './configs';
import { lessonDaCurves, metricBarsFigure } from './figures';
import { DA_TIE } from './l3Observation';
import { fmt, forgetAcc, label, metric, missingModels, pct } from './narrate';
import type { Lesson, LessonRun, Measured } from './types';

export const VARIANTS = ['muda', 'muda-no-da', 'muda-no-sd', 'muda-joint'];

/**
 * The recipe values the lesson's text quotes: muda.ts's defaults (held to the
 * registry by l5Muda.test.ts) and the lesson's epochs. Every one of them is a
 * [lab] choice of docs/method.md, not the paper's.
 */
export const RECIPE = { lambdaDA: 5, temperature: 2, recoverPerForget: 1, refresh: 1, tau: 0.95, retainSubset: 1000, epochs: MUDA_LESSON_PARAMS.epochs } as const;

/** MUDA's DA at or above this reads as "at its ceiling": the DA loss is at its optimum. */
export const DA_CEILING = 0.999;

const runs: LessonRun[] = [
  { key: 'retrain', id: 'retrain', label: 'Retrain' },
  { key: 'muda', id: 'muda', label: 'MUDA', params: { ...MUDA_LESSON_PARAMS } },
  { key: 'muda-no-da', id: 'muda', label: 'MUDA, no DA', params: { ...MUDA_LESSON_PARAMS, lambdaDA: 0 }, optional: true, help: 'λ_DA = 0: only the recover steps remain' },
  { key: 'muda-no-sd', id: 'muda', label: 'MUDA, no distillation', params: { ...MUDA_LESSON_PARAMS, recoverLoss: 'ce' }, optional: true, help: 'recover with plain cross-entropy on the retain subset instead of distilling from Original' },
  { key: 'muda-joint', id: 'muda', label: 'MUDA, joint', params: { ...MUDA_LESSON_PARAMS, mode: 'joint' }, optional: true, help: 'both losses in one step instead of alternating' },
];

function variantLine(m: Measured, key: string): string {
  return `${label(m, key)}: forget accuracy ${pct(forgetAcc(m, key))}, test ${pct(metric(m, key, 'TA'))}, DA ${fmt(metric(m, key, 'DA'))} (k = ${m.models[key].metrics.daInfo?.k ?? '–'}), gap to Retrain ${fmt(metric(m, key, 'avgGap'), 1)} points.`;
}

export function measured(m: Measured): string[] {
  const missing = missingModels(m, ['original', 'retrain', 'muda']);
  if (missing.length) return missing;
  const out: string[] = [];
  const daR = metric(m, 'retrain', 'DA');
  const da = metric(m, 'muda', 'DA');
  const taO = metric(m, 'original', 'TA');
  const ta = metric(m, 'muda', 'TA');
  out.push(`Retrain: forget accuracy ${pct(forgetAcc(m, 'retrain'))}, test ${pct(metric(m, 'retrain', 'TA'))}, DA ${fmt(daR)}. Original: forget accuracy ${pct(forgetAcc(m, 'original'))}, DA ${fmt(metric(m, 'original', 'DA'))}.`);
  out.push(variantLine(m, 'muda'));
  if (da !== undefined && daR !== undefined) {
    const d = da - daR;
    out.push(Math.abs(d) <= 2 * DA_TIE
      ? `MUDA's DA ends within ${fmt(2 * DA_TIE)} of Retrain's (${fmt(da)} vs ${fmt(daR)}).`
      : d > 0
        ? `MUDA's DA (${fmt(da)}) is above Retrain's (${fmt(daR)}): it aligned the forget features even more than a model that never saw them. The target is Retrain's value, not 1.${da >= DA_CEILING ? ` At ${fmt(da)} the DA loss is at its optimum — and since DA is also the score, that score says only that the loss was minimised.` : ''}`
        : `MUDA's DA (${fmt(da)}) stays below Retrain's (${fmt(daR)}) in this run: the claim that it reaches Retrain's alignment is not shown here.`);
  }
  const kO = m.models.original.metrics.daInfo?.k;
  const k = m.models.muda.metrics.daInfo?.k;
  if (kO !== undefined && k !== undefined && k < kO) {
    out.push(`Its retain eigenspace shrank from k = ${kO} (Original) to k = ${k}: part of the alignment comes from a more concentrated spectrum, which docs/method.md's reference runs also saw. Check the spectrum plot of the lab.`);
  }
  if (taO !== undefined && ta !== undefined) {
    out.push(taO - ta <= 0.02
      ? `It stays stable: test accuracy ${pct(ta)} against Original's ${pct(taO)}.`
      : `Test accuracy fell from ${pct(taO)} to ${pct(ta)}: not as stable as the paper reports, in this run.`);
  }
  const accR = forgetAcc(m, 'retrain');
  const acc = forgetAcc(m, 'muda');
  if (acc !== undefined && accR !== undefined && acc - accR > 0.1) {
    const aligned = da !== undefined && daR !== undefined && da >= daR - DA_TIE;
    out.push(`It forgot less than Retrain: ${pct(acc)} of the forget set is still recognised, against ${pct(accR)}.${aligned ? ` Both at once: its forget features are at least as aligned as Retrain's (DA ${fmt(da)}), yet the head still reads many of them. DA fixes the span the forget features lie in, not where inside it they sit.` : ''} DA is an indirect handle on the outputs; docs/method.md's reference runs forgot more with a larger λ_DA and more epochs (15.6 % still recognised at λ_DA 5 and 15 epochs on 8,000 digits, 55.9 % at λ_DA 1 and 5 epochs).`);
  }
  const ran = VARIANTS.slice(1).filter((k2) => m.models[k2]);
  for (const k2 of ran) out.push(variantLine(m, k2));
  for (const k2 of VARIANTS.slice(1)) if (m.failed[k2]) out.push(`${label(m, k2)} did not finish: ${m.failed[k2]}`);
  const gaps = ['muda', ...ran].map((k2) => ({ key: k2, gap: metric(m, k2, 'avgGap') })).filter((g): g is { key: string; gap: number } => g.gap !== undefined);
  if (gaps.length > 1) {
    const best = gaps.reduce((a, b) => (b.gap < a.gap ? b : a));
    out.push(best.key === 'muda'
      ? `The full MUDA has the smallest gap to Retrain of the variants run (${fmt(best.gap, 1)} points): in this run every ablation that ran ended farther from Retrain.`
      : `The smallest gap to Retrain in this run is ${label(m, best.key)} (${fmt(best.gap, 1)} points), not the full MUDA (${fmt(gaps.find((g) => g.key === 'muda')?.gap, 1)}). This run does not support "every part helps" — one seed on 2,500 digits is a lab result worth discussing, not a verdict.`);
  }
  return out;
}

export const lesson5: Lesson = {
  id: 'muda',
  title: 'MUDA: aligning instead of mislabelling',
  goal: 'MUDA uses DA itself as its forgetting signal, so DA is both its loss and a score it is judged by; DA = 1 fixes the span the forget features lie in, not where inside it they sit.',
  runMinutes: 1.5,
  config: lessonConfig(MNIST_CLASS_3, runs),
  runs,
  intro: [
    'MUDA (Seo, Kim & Han, WACV 2025) forgets without injecting wrong labels. The paper\'s abstract says what it is made of: DA as a regularizer, a self-distillation loss and an alternating training scheme. Reviews of the paper add the DA loss L_DA = \u2212DA\u00b2 and that forget and recover phases alternate.',
    `The rest is the lab's reconstruction, not the paper's (docs/method.md marks each such choice [lab]; every one is a parameter of MUDA in the lab): the weight \u03bb_DA = ${RECIPE.lambdaDA}; the retain eigenspace U_r recomputed every ${RECIPE.refresh === 1 ? 'forget step' : `${RECIPE.refresh} forget steps`} from a retain batch of the current model (no gradient), with k at \u03c4 = ${RECIPE.tau}; self-distillation as T\u00b2\u00b7KL between the frozen Original's and the model's softened outputs with T = ${RECIPE.temperature}, on a retain subset of ${RECIPE.retainSubset.toLocaleString('en-US')} samples; ${RECIPE.recoverPerForget} recover step after each forget step (${RECIPE.recoverPerForget}:1 alternation); and, in this lesson, ${RECIPE.epochs} epochs over the forget set.`,
    'Forget step, on a forget batch: minimise \u2212\u03bb_DA\u00b7DA\u00b2 of the forget features against U_r. Recover step, on a retain batch: distil from the Original, to keep what it knew about the retain data without relabelling anything.',
    'Two things to keep in mind when reading the result. DA is both MUDA\'s loss and one of the scores it is judged by: a method that maximises DA will score well on DA whatever it did to the outputs, so read DA beside forget accuracy and the gap to Retrain. And DA = 1 fixes the span, not the position: it says the forget features lie in the retain eigenspace, not where inside it they sit. A forgotten 3 can lie in the span of the other digits\' directions and still sit where the head, kept close to the Original\'s by distillation, reads "3".',
    'Ablations, each the same MUDA with one part changed and run on a fresh copy of the same Original: no DA (\u03bb_DA = 0), no distillation (recover with plain cross-entropy), joint (both losses summed in one step). Switch off the ones you do not want before running.',
  ],
  lookAt: [
    { label: 'MUDA\'s parameters (lab, step 4)', selectors: ['[data-lesson-target="muda-params"]', '[data-method="muda"]', '#methods'], why: 'λ_DA, recoverLoss and mode are the three ablation switches; every other choice of the recipe is a parameter too.' },
    { label: 'DA over steps (lab, step 6)', selectors: ['[data-plot="da"]', '#plots'], why: 'Where does MUDA\'s DA go: up to Retrain\'s dashed line, or past it towards 1? Past it is not better: the target is Retrain\'s value.' },
    { label: 'The comparison table (lab, step 5)', selectors: ['[data-lesson-target="compare-table"]', '#compare'], why: 'The average gap to Retrain is how the lab ranks methods.' },
  ],
  plots: [
    { id: 'lesson-da-curves', title: 'DA over steps: MUDA and its ablations', description: 'DA of the forget features at each step of MUDA and each ablation, with Retrain\'s and Original\'s DA as reference lines.', figure: (m) => lessonDaCurves(m, VARIANTS) },
    { id: 'lesson-gap-bars', title: 'Average gap to Retrain', description: 'Mean absolute difference to Retrain of UA, RA, TA and MIA, in percentage points, for MUDA and each ablation.', figure: (m) => metricBarsFigure(m, VARIANTS, [{ name: 'avgGap', label: 'average gap to Retrain' }], { fractions: false, digits: 1, yTitle: 'percentage points' }) },
  ],
  measured,
  takeaway: "DA is both MUDA's loss and a score it is judged by: DA = 1 fixes the span of the forget features, not where they sit inside it.",
  headline: { label: "MUDA: DA and forget-set accuracy (Retrain's)", value: (m) => (m.models.muda && m.models.retrain ? `DA ${fmt(metric(m, 'muda', 'DA'))} (${fmt(metric(m, 'retrain', 'DA'))}), forget accuracy ${pct(forgetAcc(m, 'muda'))} (${pct(forgetAcc(m, 'retrain'))})` : undefined) },
  question: {
    prompt: 'Where does MUDA\'s forget step push the forget features?',
    choices: [
      {
        id: 'random', text: 'Towards random wrong classes.', correct: false,
        feedback: () => 'That is Random labels (lesson 4). MUDA\'s forget loss has no labels at all: it is −λ_DA·DA², a function of the features only.',
      },
      {
        id: 'eigenspace', text: 'Into the retain eigenspace of the current model: it maximises their DA.', correct: true,
        feedback: (m) => `Right: the forget step maximises their DA with the current model's retain eigenspace. That fixes the span they lie in, not where inside it they sit, so it does not by itself stop the head reading them.${m?.models.muda ? ` Here MUDA ends at DA ${fmt(metric(m, 'muda', 'DA'))} with ${pct(forgetAcc(m, 'muda'))} of the forget set still recognised; Retrain at DA ${fmt(metric(m, 'retrain', 'DA'))} with ${pct(forgetAcc(m, 'retrain'))}.` : ''}`,
      },
      {
        id: 'away', text: 'As far away from the retain features as possible.', correct: false,
        feedback: () => 'The opposite: pushing forget features away from the retain data is the distortion lesson 4 looks for. MUDA\'s loss pulls them in.',
      },
    ],
  },
};
