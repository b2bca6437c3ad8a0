/**
 * The teacher's plan for a 30-minute class: minutes per lesson and the line
 * to say while its run computes. What to ask is each lesson's own question;
 * the waits are measured (the lesson records how long its run took).
 */
export interface PlanStep {
  minutes: number;
  /** What the teacher says or does, in one or two sentences. */
  say: string;
}

export const PLAN: Record<string, PlanStep> = {
  unlearning: { minutes: 3, say: 'Define D, D_f and D_r, and Retrain as the model trained on D_r alone. Start the run, then draw the three sets while it trains (about 10 s).' },
  eigenspaces: { minutes: 4, say: 'Before running, play with the sliders together: tilt w₁ and move τ until DA and the energy share disagree. Then run and read the real 4-unit features.' },
  observation: { minutes: 5, say: 'Start the run first: the MNIST Original and Retrain are the longest wait of the class, and lessons 4–6 reuse them. State the paper\'s observation while they train.' },
  'wrong-supervision': { minutes: 5, say: 'Recall gradient ascent and random labels while they run; take the show of hands before moving to the numbers.' },
  muda: { minutes: 7, say: 'Walk through the recipe — a forget step on −DA², a recover step distilling from the Original — and say which parts are the lab\'s reconstruction (λ_DA, T, the 1:1 alternation).' },
  measuring: { minutes: 3, say: 'No new training: it reuses lessons 4 and 5. Contrast what the outputs say with what the linear probe finds in the features.' },
  backdoor: { minutes: 3, say: 'If time allows: the forget set is a poisoned subset; read attack success against Retrain\'s, and clean accuracy beside it.' },
};

/** The class's length, in minutes: the plan adds up to it (unit test). */
export const CLASS_MINUTES = 30;
