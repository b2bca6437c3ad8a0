/** Lesson 1: what unlearning is, and why retraining without the data is the gold standard. */
import type { ModelViews } from '../../engine/results';
import { BLOBS_4, lessonConfig } from './configs';
import { lessonBoundary } from './figures';
import { className, fmt, forgetAcc, metric, missingModels, pct } from './narrate';
import type { Lesson, LessonRun, Measured } from './types';

const runs: LessonRun[] = [{ key: 'retrain', id: 'retrain', label: 'Retrain' }];

/** Share of the boundary grid predicted as class `c` (how much of the plane the class owns). */
export function regionShare(boundary: ModelViews['boundary'] | undefined, c: number): number | undefined {
  if (!boundary?.classes.length) return undefined;
  let hits = 0;
  let total = 0;
  for (const row of boundary.classes) {
    for (const v of row) {
      total++;
      if (v === c) hits++;
    }
  }
  return total ? hits / total : undefined;
}

function forgottenClass(m: Measured): number {
  return m.config.scenario.kind === 'class' ? m.config.scenario.class : 0;
}

export function measured(m: Measured): string[] {
  const missing = missingModels(m, ['original', 'retrain']);
  if (missing.length) return missing;
  const c = forgottenClass(m);
  const cls = className(m, c);
  const out: string[] = [];
  const accO = forgetAcc(m, 'original');
  const accR = forgetAcc(m, 'retrain');
  out.push(`Original classifies ${pct(accO)} of the forget set (the ${m.split ? `${m.split.forget} ` : ''}training points of ${cls}) correctly: it learned them. Retrain classifies ${pct(accR)} of them as ${cls} (UA = ${fmt(metric(m, 'retrain', 'UA'))}).`);
  const shareO = regionShare(m.models.original.views?.boundary, c);
  const shareR = regionShare(m.models.retrain.views?.boundary, c);
  if (shareO !== undefined && shareR !== undefined) {
    out.push(shareR < 0.005
      ? `On the plotted plane, ${cls} owns ${pct(shareO)} of the area under Original and none under Retrain: a model that never saw ${cls} has no region for it, and the neighbouring classes share its space.`
      : `On the plotted plane, ${cls} owns ${pct(shareO)} of the area under Original and still ${pct(shareR)} under Retrain: the head keeps an output for ${cls}, and in this run it wins a little of the plane although no training point of ${cls} was seen.`);
  }
  const taO = metric(m, 'original', 'TA');
  const taR = metric(m, 'retrain', 'TA');
  out.push(`On the remaining classes, both models stay accurate: test accuracy ${pct(taO)} (Original) and ${pct(taR)} (Retrain).`);
  out.push(`So Retrain is the target: an unlearned model should behave like it — ${pct(accR)} on this forget set, and unchanged on everything else. For a whole forgotten class that is near 0 %; for forgotten samples that resemble the rest (random forgetting) Retrain still gets most of them right. Every gap in this lab is measured against Retrain.`);
  return out;
}

export const lesson1: Lesson = {
  id: 'unlearning',
  title: 'What unlearning is',
  goal: 'Unlearning asks for the model you would have had without the forgotten data — and Retrain is that model.',
  runMinutes: 0.5,
  config: lessonConfig(BLOBS_4, runs),
  runs,
  intro: [
    'A model was trained on a dataset D. Now someone asks it to forget a part D_f: one person\'s data, a poisoned batch, a whole class. Unlearning means producing a model that behaves as if D_f had never been in the training set.',
    'The only model that certainly never saw D_f is one trained from scratch on the rest, D_r = D \u2216 D_f. That is Retrain: the gold standard every method is compared to. It is also what unlearning methods try to avoid, because retraining a large model for every request is too expensive.',
    'Here: four Gaussian blobs in the plane and a small MLP (two hidden layers, 32 and 16 units). We forget the whole cluster of class 2, drawn as diamonds. The lab trains Original on everything and Retrain without class 2, then draws both decision boundaries.',
  ],
  lookAt: [
    { label: 'The decision-boundary plot (lab, step 6)', selectors: ['[data-plot="boundary"]', '#plots'], why: 'Coloured regions are the predicted class; the diamonds are the forget set. Compare where class 2 lives under Original and under Retrain.' },
    { label: 'The forget set (lab, step 3)', selectors: ['[data-lesson-target="forget-set"]', '#forget'], why: 'The lesson forgets a whole class: every training point of class 2.' },
  ],
  plots: [
    { id: 'lesson-boundary', title: 'Decision boundary: Original vs Retrain', description: 'Predicted class over the plane for Original and Retrain, training points on top, the forget set as diamonds.', figure: (m) => lessonBoundary(m, ['original', 'retrain']) },
  ],
  measured,
  takeaway: 'Unlearning is judged against Retrain, the model that never saw the forget set — not against zero accuracy on it.',
  headline: { label: 'Forget-set accuracy: Original → Retrain', value: (m) => (m.models.original && m.models.retrain ? `${pct(forgetAcc(m, 'original'))} → ${pct(forgetAcc(m, 'retrain'))}` : undefined) },
  question: {
    prompt: 'A method brings the accuracy on the forget set to 0 %. Has it unlearned?',
    choices: [
      {
        id: 'zero', text: 'Yes: 0 % accuracy on D_f is what forgetting means.', correct: false,
        feedback: (m) => `Not quite. The target is what Retrain does, not 0 %.${m && forgetAcc(m, 'retrain') !== undefined ? ` Here Retrain scores ${pct(forgetAcc(m, 'retrain'))} on the forget set.` : ''} When the forgotten samples resemble the retained ones (random forgetting), Retrain still classifies most of them correctly because it generalises; a method that drops them to 0 % over-forgets, and that difference is itself a trace of the data.`,
      },
      {
        id: 'like-retrain', text: 'Only if it now behaves like Retrain, the model that never saw D_f.', correct: true,
        feedback: (m) => `Right. Unlearning is judged against Retrain: on the forget set, on the retain set and on test data.${m && forgetAcc(m, 'retrain') !== undefined ? ` In this run Retrain's forget accuracy is ${pct(forgetAcc(m, 'retrain'))} and its test accuracy ${pct(metric(m, 'retrain', 'TA'))}: those are the numbers to match.` : ''}`,
      },
      {
        id: 'like-original', text: 'Only if its decision boundary stays identical to Original\'s.', correct: false,
        feedback: () => 'No: Original is the model that saw D_f. Staying identical to it means nothing was forgotten. The boundary should move the way Retrain\'s did, around the forgotten data, and stay put elsewhere.',
      },
    ],
  },
};
