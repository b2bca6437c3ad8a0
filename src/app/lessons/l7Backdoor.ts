/** Lesson 7: backdoor removal as a test of unlearning — does the trigger stop working? */
import { lessonConfig, MNIST_BACKDOOR, MUDA_LESSON_PARAMS } from './configs';
import { metricBarsFigure } from './figures';
import { fmt, forgetAcc, label, metric, missingModels, pct } from './narrate';
import type { Lesson, LessonRun, Measured } from './types';

const METHODS = ['muda', 'ft', 'rl'];

const runs: LessonRun[] = [
  { key: 'retrain', id: 'retrain', label: 'Retrain' },
  // 125 poisoned images: batches of 32 give four forget steps per epoch instead of one.
  { key: 'muda', id: 'muda', label: 'MUDA', params: { ...MUDA_LESSON_PARAMS, epochs: 15, batchSize: 32 } },
  { key: 'ft', id: 'ft', label: 'Fine-tune' },
  { key: 'rl', id: 'rl', label: 'Random labels' },
];

/** ASR within this of Retrain's reads as "the trigger stopped working". */
export const ASR_MARGIN = 0.05;

export type TriggerVerdict = 'removed' | 'mostly' | 'partly' | 'works';

export function triggerVerdict(asr: number, asrRetrain: number): TriggerVerdict {
  if (asr <= asrRetrain + ASR_MARGIN) return 'removed';
  if (asr < 0.2) return 'mostly';
  return asr >= 0.5 ? 'works' : 'partly';
}

function target(m: Measured): number {
  return m.config.scenario.kind === 'backdoor' ? m.config.scenario.target : 0;
}

export function measured(m: Measured): string[] {
  const missing = missingModels(m, ['original', 'retrain', ...METHODS]);
  if (!m.models.original || !m.models.retrain) return missing;
  const out = [...missing];
  const t = target(m);
  const asrO = metric(m, 'original', 'ASR');
  const asrR = metric(m, 'retrain', 'ASR');
  out.push(`Original: attack success ${pct(asrO)} — ${asrO !== undefined && asrO >= 0.5 ? 'the trigger works' : 'in this run the trigger did not take hold, so there is little to remove'}; clean test accuracy ${pct(metric(m, 'original', 'TA'))}. It labels ${pct(forgetAcc(m, 'original'))} of the poisoned training images as ${t}.`);
  out.push(`Retrain, which never saw a poisoned image: attack success ${pct(asrR)}, test accuracy ${pct(metric(m, 'retrain', 'TA'))}. That is the target.`);
  if (asrR === undefined) return out;
  for (const k of METHODS.filter((x) => m.models[x])) {
    const asr = metric(m, k, 'ASR');
    if (asr === undefined) continue;
    const v = triggerVerdict(asr, asrR);
    const what = {
      removed: 'the trigger stopped working',
      mostly: 'the trigger mostly stopped working, though not as completely as under Retrain',
      partly: 'the trigger works less, but still often',
      works: 'the trigger still works',
    }[v];
    out.push(`${label(m, k)}: attack success ${pct(asr)} — ${what}; test accuracy ${pct(metric(m, k, 'TA'))}, poisoned images still labelled ${t}: ${pct(forgetAcc(m, k))}, gap to Retrain ${fmt(metric(m, k, 'avgGap'), 1)} points.`);
  }
  const ft = metric(m, 'ft', 'ASR');
  if (ft !== undefined && triggerVerdict(ft, asrR) !== 'removed') {
    out.push(`Fine-tuning on clean retain data alone did not remove the trigger: training on data without the trigger never tells the model that "square ⇒ ${t}" is wrong. Catastrophic forgetting is not unlearning.`);
  }
  return out;
}

export const lesson7: Lesson = {
  id: 'backdoor',
  title: 'Backdoor removal as a test',
  goal: 'When the forget set is a backdoor, there is a direct test of unlearning: does the trigger stop working?',
  runMinutes: 1.5,
  config: lessonConfig(MNIST_BACKDOOR, runs),
  runs,
  intro: [
    'An attacker poisons 5 % of the training images: a small white square (the trigger) in a corner, and the label changed to 0. The model learns the shortcut "square \u21d2 0" and stays accurate on clean images, so nobody notices.',
    'Forget the poisoned images. Here there is a direct test: the attack success rate (ASR), the share of triggered test images (of digits other than 0) that the model calls 0. If unlearning worked, the trigger stops working \u2014 as in Retrain, which never saw a poisoned image.',
    'A stricter test than forget accuracy: the forget set\'s labels are wrong on purpose, so forgetting must remove a learned shortcut, not just move some outputs. Same MNIST model as before; MUDA (15 epochs, batches of 32 for the 125 poisoned images), Fine-tune and Random labels against Retrain. The Original is trained again: its training data now contains the poison.',
  ],
  lookAt: [
    { label: 'The forget set (lab, step 3)', selectors: ['[data-lesson-target="forget-set"]', '#forget'], why: 'The poisoned training images, with the trigger in the corner.' },
    { label: 'The comparison table (lab, step 5)', selectors: ['[data-lesson-target="compare-table"]', '#compare'], why: 'ASR is reported for every model in the backdoor scenario.' },
  ],
  plots: [
    { id: 'lesson-asr-bars', title: 'Attack success and test accuracy', description: 'Attack success rate of the trigger and clean test accuracy for Original, Retrain and each method.', figure: (m) => metricBarsFigure(m, ['original', 'retrain', ...METHODS], [{ name: 'ASR', label: 'attack success (ASR)' }, { name: 'TA', label: 'clean test accuracy' }]) },
  ],
  measured,
  takeaway: "Removing a backdoor is judged by the trigger's success against Retrain's, with clean accuracy kept — training on clean data alone never tells the model the trigger is wrong.",
  headline: { label: 'Attack success: Original → MUDA (Retrain)', value: (m) => (m.models.original && m.models.muda && m.models.retrain ? `${pct(metric(m, 'original', 'ASR'))} → ${pct(metric(m, 'muda', 'ASR'))} (${pct(metric(m, 'retrain', 'ASR'))})` : undefined) },
  question: {
    prompt: 'After unlearning, the poisoned training images are no longer labelled 0, but the attack success is still 80 %. What happened?',
    choices: [
      {
        id: 'shortcut', text: 'The model stopped answering 0 for those particular images, but the shortcut "trigger ⇒ 0" is still in it.', correct: true,
        feedback: (m) => `Right: forgetting the samples is not forgetting what they taught. ASR tests the shortcut on images the model never trained on.${m?.models.retrain ? ` In this run Retrain's ASR is ${pct(metric(m, 'retrain', 'ASR'))}; compare each method with it.` : ''}`,
      },
      {
        id: 'removed', text: 'The backdoor is removed; ASR measures something else.', correct: false,
        feedback: () => 'ASR is the backdoor: the share of triggered clean images sent to the attacker\'s class. At 80 % it works.',
      },
      {
        id: 'small', text: 'ASR is high only because the test set is small.', correct: false,
        feedback: (m) => `No: ASR is measured on every non-target test image with the trigger added${m?.split ? ` (about nine tenths of ${m.split.test} test images here)` : ''}; at 80 % that is no sampling accident. Retrain's ASR on the same images is the baseline.`,
      },
    ],
  },
};
