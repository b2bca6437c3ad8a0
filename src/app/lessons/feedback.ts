/** The question of a lesson: which answer was chosen, whether it is right, and why. */
import type { Measured, Question } from './types';

export interface Feedback {
  choiceId: string;
  correct: boolean;
  /** Why this answer is (not) right, with the run's numbers when it has them. */
  text: string;
}

/** Feedback for a chosen answer; null when the id is not one of the question's choices. */
export function answerFeedback(q: Question, choiceId: string, m: Measured | null): Feedback | null {
  const c = q.choices.find((x) => x.id === choiceId);
  if (!c) return null;
  return { choiceId, correct: c.correct, text: c.feedback(m) };
}

/**
 * What the class predicted: the answer chosen on the question (the presenter
 * may tick the class's answer), else the choice with the most hands; none
 * without either, or when the most hands are tied.
 */
export function classPrediction(answer: string | undefined, votes: Record<string, number> | undefined): string | undefined {
  if (answer) return answer;
  const counts = Object.entries(votes ?? {}).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
  if (!counts.length || (counts.length > 1 && counts[0][1] === counts[1][1])) return undefined;
  return counts[0][0];
}

/** A question is well formed when its choice ids are unique and exactly one choice is right. */
export function questionProblems(q: Question): string[] {
  const problems: string[] = [];
  const ids = q.choices.map((c) => c.id);
  if (new Set(ids).size !== ids.length) problems.push('choice ids repeat');
  const right = q.choices.filter((c) => c.correct).length;
  if (right !== 1) problems.push(`${right} correct choices (expected 1)`);
  if (q.choices.length < 2) problems.push('fewer than two choices');
  return problems;
}
