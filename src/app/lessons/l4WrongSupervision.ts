/** Lesson 4: wrong supervision distorts — gradient ascent and random labels vs Retrain, in feature space and DA over steps. */
import type { CurvePoint } from '../../engine/results';
import { NOISE_FLOOR_STDS } from '../compare';
import { lessonConfig, MNIST_CLASS_3 } from './configs';
import { lessonDaCurves, lessonFeatures } from './figures';
import { DA_TIE } from './l3Observation';
import { fmt, fmtSeeds, forgetAcc, label, listWords, metric, missingModels, pct, seconds, seedStat, signed } from './narrate';
import type { Lesson, LessonRun, Measured } from './types';

const WRONG = ['ga', 'rl'];

const runs: LessonRun[] = [
  { key: 'retrain', id: 'retrain', label: 'Retrain' },
  // Adam and the unlearner's own stopping rule (a retain-accuracy drop), so GA goes far enough to show its effect without reading Retrain.
  { key: 'ga', id: 'ga', label: 'Gradient ascent', params: { optimizer: 'adam', lr: 5e-4, epochs: 10, earlyStop: 'forget-set', dropMargin: 0.1 } },
  { key: 'rl', id: 'rl', label: 'Random labels' },
];

export interface DaTrace {
  start: number;
  end: number;
  peak: number;
  peakStep: number;
  lastStep: number;
}

/** DA along a method's curve: first, last and highest value (null without DA points). */
export function daTrace(points: CurvePoint[] | undefined): DaTrace | null {
  const pts = (points ?? []).filter((p) => typeof p.DA === 'number' && Number.isFinite(p.DA));
  if (!pts.length) return null;
  let peak = pts[0];
  for (const p of pts) if (p.DA! > peak.DA!) peak = p;
  return { start: pts[0].DA!, end: pts[pts.length - 1].DA!, peak: peak.DA!, peakStep: peak.step, lastStep: pts[pts.length - 1].step };
}

/** The feature space collapsed: few retain directions left, or the model no longer fits its retain data. */
export function collapsed(m: Measured, key: string): boolean {
  const k = m.models[key]?.metrics.daInfo?.k;
  const kO = m.models.original?.metrics.daInfo?.k;
  const ra = metric(m, key, 'RA');
  return (ra !== undefined && ra < 0.5) || (k !== undefined && kO !== undefined && kO > 1 && k <= 1);
}

/**
 * How far apart two DAs must be to count as different: DA_TIE on one seed;
 * with several seeds, at least twice the largest seed spread of DA among
 * Original, Retrain and the method (compare.ts's noise floor, NOISE_FLOOR_STDS).
 */
export function daTolerance(m: Measured, key: string): number {
  const spreads = ['original', 'retrain', key].map((k) => seedStat(m, k, 'DA').std ?? 0);
  return Math.max(DA_TIE, NOISE_FLOOR_STDS * Math.max(...spreads));
}

/**
 * What a method did to DA, judged against where it started (the Original's
 * DA), not against Retrain's: the Original is usually below Retrain already,
 * so "below Retrain's" would pass a method that changed nothing.
 */
export type DaVerdict = 'lowered' | 'unchanged' | 'raised' | 'collapsed' | 'unknown';

export function daVerdict(m: Measured, key: string): DaVerdict {
  if (collapsed(m, key)) return 'collapsed';
  const da = seedStat(m, key, 'DA').value;
  const daO = seedStat(m, 'original', 'DA').value;
  if (da === undefined || daO === undefined) return 'unknown';
  const tol = daTolerance(m, key);
  return da < daO - tol ? 'lowered' : da > daO + tol ? 'raised' : 'unchanged';
}

/** Where a DA sits against Retrain's, in words (with the same tolerance). */
function againstRetrain(da: number, daR: number | undefined, tol: number): string {
  if (daR === undefined) return '';
  if (da < daR - tol) return `below Retrain's ${fmt(daR)}`;
  if (da > daR + tol) return `above Retrain's ${fmt(daR)}`;
  return `level with Retrain's ${fmt(daR)}`;
}

function methodParagraph(m: Measured, key: string): { text: string; verdict: DaVerdict } {
  const r = m.models[key];
  const t = daTrace(r.curves.length ? r.curves : m.curves[key]);
  const daS = seedStat(m, key, 'DA');
  const da = daS.value;
  const daO = seedStat(m, 'original', 'DA').value;
  const daR = seedStat(m, 'retrain', 'DA').value;
  const tol = daTolerance(m, key);
  const parts: string[] = [];
  parts.push(`${label(m, key)}: final DA ${fmtSeeds(daS)} (Retrain ${fmtSeeds(seedStat(m, 'retrain', 'DA'))}, Original ${fmtSeeds(seedStat(m, 'original', 'DA'))})${t ? `; along the way, on the lab's fixed curve subset, ${fmt(t.start)} → ${fmt(t.end)} over ${t.lastStep} steps` : ''}; forget accuracy ${pct(forgetAcc(m, key))}, retain ${pct(metric(m, key, 'RA'))}, test ${pct(metric(m, key, 'TA'))} (Original ${pct(metric(m, 'original', 'TA'))}); average gap to Retrain ${fmt(metric(m, key, 'avgGap'), 1)} points.`);
  if (r.status && r.status !== 'ok') parts.push(`It ${r.status === 'stopped-early' ? 'stopped early' : r.status}${r.message ? `: ${r.message}` : ''}.`);
  if (t && t.peak - t.end > DA_TIE) parts.push(`Its DA peaked at ${fmt(t.peak)} (step ${t.peakStep}) and drifted down to ${fmt(t.end)} as the steps went on.`);
  const verdict = daVerdict(m, key);
  if (verdict === 'collapsed') {
    parts.push(`Careful: its feature space collapsed (k = ${r.metrics.daInfo?.k ?? '–'} retain directions, retain accuracy ${pct(metric(m, key, 'RA'))}). With one direction left everything is "aligned", so a high DA here is bought by collapse, not by forgetting well — read DA beside the spectrum.`);
  } else if (verdict !== 'unknown' && da !== undefined && daO !== undefined) {
    const d = signed(da - daO);
    const vsR = againstRetrain(da, daR, tol);
    parts.push(verdict === 'lowered'
      ? `It ends below the Original's DA, where it started (${d}, beyond the tie tolerance ${fmt(tol)})${vsR ? ` and ${vsR}` : ''}: here wrong supervision pushed the forget features further out of the retain eigenspace than they were before unlearning.`
      : verdict === 'unchanged'
        ? `Its DA ends where the Original's started (${d}, within the tie tolerance ${fmt(tol)})${vsR ? `, ${vsR}` : ''}: it did not move the forget features out of the retain eigenspace${daR !== undefined && da < daR - tol ? ' — the gap to Retrain is the Original\'s, and doing nothing would show it too' : ''}.`
        : `Its DA rose above the Original's (${d}, beyond the tie tolerance ${fmt(tol)})${vsR ? `, ending ${vsR}` : ''}: in this run it moved the forget features into the retain eigenspace, not out of it.`);
  }
  return { text: parts.join(' '), verdict };
}

export function measured(m: Measured): string[] {
  const missing = missingModels(m, ['original', 'retrain', ...WRONG]);
  const present = WRONG.filter((k) => m.models[k]);
  if (!m.models.original || !m.models.retrain || !present.length) return missing;
  const out = [...missing];
  const verdicts = present.map((k) => ({ key: k, ...methodParagraph(m, k) }));
  for (const v of verdicts) out.push(v.text);
  const holds = verdicts.filter((v) => v.verdict === 'lowered').map((v) => label(m, v.key));
  const fails = verdicts.filter((v) => v.verdict !== 'lowered').map((v) => label(m, v.key));
  const daO = seedStat(m, 'original', 'DA').value;
  const daR = seedStat(m, 'retrain', 'DA').value;
  const originalBelowRetrain = daO !== undefined && daR !== undefined && daO < daR - DA_TIE;
  const notEvidence = originalBelowRetrain ? ` Ending below Retrain's DA is not evidence of it: the Original, which did nothing, is already below Retrain's (${fmt(daO)} vs ${fmt(daR)}).` : '';
  if (holds.length && !fails.length) {
    out.push(`So in this run ${holds.length > 1 ? 'both methods end' : `${holds[0]} ends`} below the Original's DA, where unlearning started: injecting wrong supervision pushed the forget features out of the retain eigenspace, away from where a model that never saw them puts them.`);
  } else if (holds.length) {
    out.push(`So in this run the claim holds for ${listWords(holds)} (DA lowered below the Original's) but not for ${listWords(fails)}.${notEvidence} Look at the feature plot to see where each put the forget samples.`);
  } else {
    out.push(`So in this run ${fails.length > 1 ? 'neither method lowers' : `${fails[0]} does not lower`} DA below the Original's${daO !== undefined ? ` (${fmt(daO)})` : ''}: the claim that wrong supervision lowers DA is not shown by these numbers.${notEvidence} Compare the feature plots and the gaps to Retrain instead, and try more epochs or other seeds.`);
  }
  return out;
}

export const lesson4: Lesson = {
  id: 'wrong-supervision',
  title: 'Wrong supervision distorts',
  goal: 'Gradient ascent and random labels make the outputs wrong on purpose; watch what that does to the features.',
  runMinutes: 1,
  config: lessonConfig(MNIST_CLASS_3, runs),
  runs,
  intro: [
    'Two classic ways to forget inject wrong supervision. Gradient ascent (GA) maximises the loss on D_f. Random labels (RL) trains D_f towards wrong classes, interleaved with normal steps on D_r. Both make the outputs on D_f wrong — but what do they do to the features?',
    'The paper\'s claim: they push the forget features off the retain manifold and distort the feature space, which makes them unstable. Watch DA over the unlearning steps against Retrain\'s DA (dashed) and Original\'s (dotted). Every method starts at the Original\'s DA, which is usually below Retrain\'s already: a method lowers DA only if it ends below that dotted line, not merely below the dashed one.',
    'Same MNIST setup as lesson 3 (Original and Retrain are reused when they are already trained). GA: Adam, lr 5\u00b710\u207b\u2074, up to 10 epochs over the forget set, with the lab\'s early stop (when forget accuracy reaches Retrain\'s, or test accuracy falls by more than 10 points). RL: 6 epochs, SGD lr 0.01.',
  ],
  lookAt: [
    { label: 'DA over steps (lab, step 6)', selectors: ['[data-plot="da"]', '#plots'], why: 'One line per method; the dashed line is Retrain\'s DA, the target.' },
    { label: 'The feature-space plot (lab, step 6)', selectors: ['[data-plot="features"]', '#plots'], why: 'Pick a method above the plot: where did it put the forget samples (diamonds) compared with Retrain?' },
    { label: 'UA, RA, TA over steps (lab, step 6)', selectors: ['[data-plot="metric-curves"]', '#plots'], why: 'Stability: does test accuracy hold while the forget set is pushed away?' },
  ],
  plots: [
    { id: 'lesson-da-curves', title: 'DA over unlearning steps', description: 'DA of the forget features at each step of gradient ascent and random labels, with Retrain\'s and Original\'s DA as reference lines.', figure: (m) => lessonDaCurves(m, WRONG) },
    { id: 'lesson-features', title: 'Feature space: Original, GA, RL, Retrain', description: 'Penultimate features on each model\'s principal axes; forget samples are diamonds.', figure: (m, v) => lessonFeatures(m, ['original', ...WRONG, 'retrain'], v.dims), threeD: true },
  ],
  measured,
  takeaway: 'Wrong supervision changes the outputs; whether it also moves the features is read against the Original, where every method starts.',
  headline: { label: 'DA change from the Original: gradient ascent, random labels', value: (m) => (m.models.original && (m.models.ga || m.models.rl) ? ['ga', 'rl'].filter((k) => m.models[k]).map((k) => `${label(m, k)} ${signed((metric(m, k, 'DA') ?? NaN) - (metric(m, 'original', 'DA') ?? NaN))}`).join(', ') : undefined) },
  question: {
    prompt: 'Gradient ascent brings the forget accuracy down to Retrain\'s level. Why can it still be a poor unlearning?',
    choices: [
      {
        id: 'features', text: 'Matching one output number says nothing about the features: wrong supervision can push them where Retrain would never put them, and the rest of the model can pay for it.', correct: true,
        feedback: (m) => `Right. Matching one output number is not matching the model.${m?.models.ga ? ` In this run GA ends with DA ${fmt(metric(m, 'ga', 'DA'))} (it started at the Original's ${fmt(metric(m, 'original', 'DA'))}; Retrain ${fmt(metric(m, 'retrain', 'DA'))}), test accuracy ${pct(metric(m, 'ga', 'TA'))} vs ${pct(metric(m, 'retrain', 'TA'))}, and an average gap of ${fmt(metric(m, 'ga', 'avgGap'), 1)} points.` : ''}`,
      },
      {
        id: 'enough', text: 'It cannot be poor: matching Retrain\'s forget accuracy is all that matters.', correct: false,
        feedback: () => 'Forget accuracy is one number of many. Retrain also keeps retain and test accuracy, and puts the forget samples inside its retain eigenspace; a method can match the first and miss the rest.',
      },
      {
        id: 'slow', text: 'Because gradient ascent is slow.', correct: false,
        feedback: (m) => `Speed is not the problem${m?.models.ga ? `: GA took ${seconds(m.models.ga.timeMs)} here${m.models.retrain ? `, Retrain ${seconds(m.models.retrain.timeMs)}` : ''}` : ''}. GA is among the cheapest methods; its trouble is what it does to the features.`,
      },
    ],
  },
};
