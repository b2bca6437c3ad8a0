/**
 * The registry of unlearning methods. Adding a method = one file exporting an
 * `UnlearningMethod` + one line here.
 */
import { ga } from './ga';
import { muda } from './muda';
import { retrain } from './retrain';
import type { MethodInfo, UnlearningMethod } from './types';

export const METHODS: UnlearningMethod[] = [
  retrain,
  muda,
  ga,
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
