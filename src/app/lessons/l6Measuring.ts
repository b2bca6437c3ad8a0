/** Lesson 6: measuring forgetting — why forget accuracy and a population MIA can mislead; LP, NMI/F1 and DA as feature-space checks. */
import { lessonConfig, MNIST_CLASS_3, MUDA_LESSON_PARAMS } from './configs';
import { metricBarsFigure } from './figures';
import { fmt, label, listWords, metric, missingModels, possessive, signed } from './narrate';
import type { Lesson, LessonRun, Measured } from './types';
import type { NumericMetric } from '../../engine/results';

const KEYS = ['original', 'retrain', 'rl', 'muda'];
const METHODS = ['rl', 'muda'];

const runs: LessonRun[] = [
  { key: 'retrain', id: 'retrain', label: 'Retrain' },
  { key: 'rl', id: 'rl', label: 'Random labels' },
  { key: 'muda', id: 'muda', label: 'MUDA', params: { ...MUDA_LESSON_PARAMS } },
];

/** LP above Retrain's by more than this reads as "the features still carry the forgotten labels". */
export const LP_MARGIN = 0.03;
/** …and above it by more than this, "mostly in the head". */
export const LP_STRONG = 0.08;

function row(m: Measured, name: NumericMetric, digits = 3): string {
  return listWords(KEYS.filter((k) => m.models[k]).map((k) => `${label(m, k)} ${fmt(metric(m, k, name), digits)}`));
}

/**
 * True when NMI was computed on a one-class forget set alone (results from
 * before the forget ∪ retain-reference protocol, whose clusterInfo has no
 * forgetSize): NMI is 0 by construction then.
 */
export function singleClassForget(m: Measured): boolean {
  const info = Object.values(m.models).find((r) => r.metrics.clusterInfo)?.metrics.clusterInfo;
  return m.config.scenario.kind === 'class' && info?.forgetSize === undefined;
}

export function measured(m: Measured): string[] {
  const missing = missingModels(m, KEYS);
  if (!m.models.original || !m.models.retrain || !METHODS.some((k) => m.models[k])) return missing;
  const out = [...missing];
  out.push(`Output-level. UA (1 − forget accuracy): ${row(m, 'UA')}. MIA-efficacy (share of the forget set an attacker takes for unseen data): ${row(m, 'MIA')}.`);
  for (const k of METHODS.filter((x) => m.models[x])) {
    const dUA = Math.abs((metric(m, k, 'UA') ?? NaN) - (metric(m, 'retrain', 'UA') ?? NaN));
    const dMIA = Math.abs((metric(m, k, 'MIA') ?? NaN) - (metric(m, 'retrain', 'MIA') ?? NaN));
    out.push(dUA <= 0.02 && dMIA <= 0.05
      ? `By its outputs, ${label(m, k)} is indistinguishable from Retrain here (|ΔUA| = ${fmt(dUA)}, |ΔMIA| = ${fmt(dMIA)}).`
      : `By its outputs, ${label(m, k)} differs from Retrain (|ΔUA| = ${fmt(dUA)}, |ΔMIA| = ${fmt(dMIA)}).`);
  }
  const lpR = metric(m, 'retrain', 'LP');
  out.push(`Feature-level. LP — a new linear head fitted on the frozen features of the retain reference (${m.config.eval.retainReferenceSize} retain samples) plus half of the forget set, scored on the other half: ${row(m, 'LP')}. Even Retrain's features let a probe recognise the forgotten digits (${fmt(lpR)}): digits share strokes, which is why LP is compared with Retrain's, never with 0.`);
  for (const k of METHODS.filter((x) => m.models[x])) {
    const lp = metric(m, k, 'LP');
    if (lp === undefined || lpR === undefined) continue;
    const name = possessive(label(m, k));
    const excess = lp - lpR;
    out.push(excess > LP_STRONG
      ? `${name} LP (${fmt(lp)}) is above Retrain's by ${fmt(excess)}: its features still carry the forgotten class far more than a model that never saw it — the forgetting sits mostly in the head, which output metrics cannot see.`
      : excess > LP_MARGIN
        ? `${name} LP (${fmt(lp)}) is above Retrain's by ${fmt(excess)}: its features keep somewhat more of the forgotten class than Retrain's.`
        : `${name} LP (${fmt(lp)}) is within ${LP_MARGIN} of Retrain's (or below it) in this run: the probe finds no extra trace in its features.`);
  }
  if (singleClassForget(m)) {
    out.push(`NMI: ${row(m, 'NMI')}. These results clustered the forget set alone (the lab's protocol before it added the retain reference): with a single class in the forget set its label entropy is 0, so NMI is 0 by construction and says nothing here; pairwise F1 (${row(m, 'F1')}) then only measures how k-means splits that one class. NMI and F1 need a forget set with several classes — load the mnist-random10 preset to see them at work.`);
  } else {
    const info = Object.values(m.models).find((r) => r.metrics.clusterInfo?.forgetSize !== undefined)?.metrics.clusterInfo;
    out.push(info
      ? `Clustering (k-means, one cluster per class) of ${info.forgetSize} forget samples with the ${info.retainSize} retain-reference samples, scored against their true labels: NMI ${row(m, 'NMI')}; pairwise F1 ${row(m, 'F1')}. It asks whether the forget samples still form clusters of their own apart from the retained classes; the target is again Retrain's value.`
      : `Clustering of the forget features against their true labels: NMI ${row(m, 'NMI')}; pairwise F1 ${row(m, 'F1')}. The target is again Retrain's value.`);
  }
  out.push(`DA: ${row(m, 'DA')}. Of the feature checks, DA is the only one that needs no labels: it asks whether the forget features use the retain data's directions, as Retrain's do.`);
  return out;
}

export const lesson6: Lesson = {
  id: 'measuring',
  title: 'Measuring forgetting',
  goal: 'Output metrics can be fooled by a changed head; feature-space checks look where the knowledge lives.',
  runMinutes: 1,
  config: lessonConfig(MNIST_CLASS_3, runs),
  runs,
  intro: [
    'Output-level metrics look at what the model says. Forget accuracy (UA = 1 \u2212 accuracy on D_f). MIA-efficacy, a population membership-inference attack: an attacker learns to tell retain samples from test samples by the model\'s confidence, then judges each forget sample; the share it calls "unseen" is the score.',
    'Both can mislead. A method may only change what the head says about D_f while the features \u2014 where the knowledge lives \u2014 stay as they were; a new head could read the forgotten class right back. Feature-space checks: the linear probe (LP: fit a new linear head on the frozen features of the retain reference plus half of the forget set, and test it on the other half; the forget half is there because a head fitted on retain features alone could never name a forgotten class), clustering of a sample of the forget features together with the retain reference (NMI and pairwise F1 of k-means against the true labels: do the forget samples still form a cluster of their own?), and DA.',
    'Same MNIST class-3 setup; Random labels and MUDA against Retrain (models already trained in lessons 3\u20135 are reused).',
  ],
  lookAt: [
    { label: 'The comparison table (lab, step 5)', selectors: ['[data-lesson-target="compare-table"]', '#compare'], why: 'UA, MIA, LP, NMI, F1 and DA side by side, each with its gap to Retrain.' },
    { label: 'Membership-inference scores (lab, step 6)', selectors: ['[data-plot="mia"]', '#plots'], why: 'What the attacker sees: the confidence on the true label for forget, test and retain samples.' },
  ],
  plots: [
    { id: 'lesson-metric-bars', title: 'Output-level vs feature-level checks', description: 'UA, MIA-efficacy, linear-probe accuracy and DA for Original, Retrain, Random labels and MUDA.', figure: (m) => metricBarsFigure(m, KEYS, [{ name: 'UA', label: 'UA' }, { name: 'MIA', label: 'MIA' }, { name: 'LP', label: 'LP' }, { name: 'DA', label: 'DA' }]) },
  ],
  measured,
  takeaway: "Outputs can match Retrain while the features still carry the forgotten class: probe the features too, and compare every probe with Retrain's.",
  headline: { label: "Linear probe above Retrain's: random labels, MUDA", value: (m) => (m.models.retrain && (m.models.rl || m.models.muda) ? ['rl', 'muda'].filter((k) => m.models[k]).map((k) => `${label(m, k)} ${signed((metric(m, k, 'LP') ?? NaN) - (metric(m, 'retrain', 'LP') ?? NaN))}`).join(', ') : undefined) },
  question: {
    prompt: 'A method matches Retrain\'s forget accuracy and Retrain\'s MIA. Which check could still show that it has not forgotten?',
    choices: [
      {
        id: 'none', text: 'None: output metrics are the whole picture.', correct: false,
        feedback: () => 'Outputs are what the head makes of the features. If only the head changed, the features still hold the class, and a probe can read it back.',
      },
      {
        id: 'lp', text: 'A linear probe on its frozen features, compared with Retrain\'s probe.', correct: true,
        feedback: (m) => `Right: LP asks whether the features still separate the forgotten samples, whatever the head says.${m?.models.rl && metric(m, 'retrain', 'LP') !== undefined ? ` In this run: Retrain ${fmt(metric(m, 'retrain', 'LP'))}, Random labels ${fmt(metric(m, 'rl', 'LP'))}${m.models.muda ? `, MUDA ${fmt(metric(m, 'muda', 'LP'))}` : ''}.` : ''}`,
      },
      {
        id: 'ta', text: 'Its test accuracy.', correct: false,
        feedback: () => 'Test accuracy measures what the model kept (utility), not what it forgot. A model can keep TA perfectly and still hold the forget set in its features.',
      },
    ],
  },
};
