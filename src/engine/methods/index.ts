/**
 * The registry of unlearning methods. Adding a method = one file exporting an
 * `UnlearningMethod` + one line here.
 */
import { badTeacher } from './badTeacher';
import { boundaryExpand } from './boundaryExpand';
import { boundaryShrink } from './boundaryShrink';
import { ft } from './ft';
import { ga } from './ga';
import { l1Sparse } from './l1Sparse';
import { muda } from './muda';
import { negGradPlus } from './negGradPlus';
import { retrain } from './retrain';
import { rl } from './rl';
import { salun } from './salun';
import { scrub } from './scrub';
import { ssd } from './ssd';
import type { MethodInfo, UnlearningMethod } from './types';

export const METHODS: UnlearningMethod[] = [
  retrain,
  muda,
  ga,
  ft,
  negGradPlus,
  rl,
  boundaryShrink,
  boundaryExpand,
  l1Sparse,
  salun,
  scrub,
  badTeacher,
  ssd,
];

export function getMethod(id: string): UnlearningMethod {
  const m = METHODS.find((x) => x.id === id);
  if (!m) throw new Error(`unknown method "${id}" (known: ${METHODS.map((x) => x.id).join(', ')})`);
  return m;
}

export function methodIds(): string[] {
  return METHODS.map((m) => m.id);
}

/** Plain data for the UI (no functions). */
export function methodInfos(): MethodInfo[] {
  return METHODS.map(({ id, label, summary, params }) => ({ id, label, summary, params }));
}
