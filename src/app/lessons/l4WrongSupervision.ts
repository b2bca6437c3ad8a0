/** Lesson 4: wrong supervision distorts — gradient ascent and random labels vs Retrain, in feature space and DA over steps. */
import type { CurvePoint } from '../../engine/results';
import { lessonConfig, MNIST_CLASS_3 } from './configs';
import { lessonDaCurves, lessonFeatures } from './figures';
import { DA_TIE } from './l3Observation';
import { fmt, forgetAcc, label, listWords, metric, missingModels, pct, seconds } from './narrate';
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

function methodParagraph(m: Measured, key: string): { text: string; lowersDA: boolean } {
  const r = m.models[key];
  const t = daTrace(r.curves.length ? r.curves : m.curves[key]);
  const daR = metric(m, 'retrain', 'DA');
  const da = metric(m, key, 'DA');
  const parts: string[] = [];
  parts.push(`${label(m, key)}: final DA ${fmt(da)} (Retrain ${fmt(daR)}, Original ${fmt(metric(m, 'original', 'DA'))})${t ? `; along the way, on the lab's fixed curve subset, ${fmt(t.start)} → ${fmt(t.end)} over ${t.lastStep} steps` : ''}; forget accuracy ${pct(forgetAcc(m, key))}, retain ${pct(metric(m, key, 'RA'))}, test ${pct(metric(m, key, 'TA'))} (Original ${pct(metric(m, 'original', 'TA'))}); average gap to Retrain ${fmt(metric(m, key, 'avgGap'), 1)} points.`);
  if (r.status && r.status !== 'ok') parts.push(`It ${r.status === 'stopped-early' ? 'stopped early' : r.status}${r.message ? `: ${r.message}` : ''}.`);
  if (t && t.peak - t.end > DA_TIE) parts.push(`Its DA peaked at ${fmt(t.peak)} (step ${t.peakStep}) and drifted down to ${fmt(t.end)} as the steps went on.`);
  const isCollapsed = collapsed(m, key);
  if (isCollapsed) {
    parts.push(`Careful: its feature space collapsed (k = ${r.metrics.daInfo?.k ?? '–'} retain directions, retain accuracy ${pct(metric(m, key, 'RA'))}). With one direction left everything is "aligned", so a high DA here is bought by collapse, not by forgetting well — read DA beside the spectrum.`);
  }
  const lowersDA = !isCollapsed && da !== undefined && daR !== undefined && da < daR - DA_TIE;
  return { text: parts.join(' '), lowersDA };
}

export function measured(m: Measured): string[] {
  const missing = missingModels(m, ['original', 'retrain', ...WRONG]);
  const present = WRONG.filter((k) => m.models[k]);
  if (!m.models.original || !m.models.retrain || !present.length) return missing;
  const out = [...missing];
  const verdicts = present.map((k) => ({ key: k, ...methodParagraph(m, k) }));
  for (const v of verdicts) out.push(v.text);
  const holds = verdicts.filter((v) => v.lowersDA).map((v) => label(m, v.key));
  const fails = verdicts.filter((v) => !v.lowersDA).map((v) => label(m, v.key));
  if (holds.length && !fails.length) {
    out.push(`So in this run both methods end below Retrain's DA: injecting wrong supervision pushed the forget features out of the retain eigenspace, where a model that never saw them would have put them.`);
  } else if (holds.length) {
    out.push(`So in this run the claim holds for ${listWords(holds)} (DA below Retrain's) but not for ${listWords(fails)}. Look at the feature plot to see where each put the forget samples.`);
  } else {
    out.push(`So in this run neither method ends clearly below Retrain's DA: the claim that wrong supervision lowers DA is not shown by these numbers. Compare the feature plots and the gaps to Retrain instead, and try more epochs.`);
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
    'The paper\'s claim: they push the forget features off the retain manifold and distort the feature space, which makes them unstable. Watch DA over the unlearning steps against Retrain\'s DA (dashed) and Original\'s (dotted).',
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
  question: {
    prompt: 'Gradient ascent brings the forget accuracy down to Retrain\'s level. Why can it still be a poor unlearning?',
    choices: [
      {
        id: 'features', text: 'The outputs are wrong for the wrong reason: the features were pushed where Retrain would never put them, and the rest of the model pays for it.', correct: true,
        feedback: (m) => `Right. Matching one output number is not matching the model.${m?.models.ga ? ` In this run GA ends with DA ${fmt(metric(m, 'ga', 'DA'))} vs Retrain's ${fmt(metric(m, 'retrain', 'DA'))}, test accuracy ${pct(metric(m, 'ga', 'TA'))} vs ${pct(metric(m, 'retrain', 'TA'))}, and an average gap of ${fmt(metric(m, 'ga', 'avgGap'), 1)} points.` : ''}`,
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
