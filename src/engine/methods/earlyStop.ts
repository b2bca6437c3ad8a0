/**
 * Optional early stopping for the methods that push the forget loss up (GA,
 * NegGrad+, SCRUB's max-steps). Off by default: none of the reference
 * implementations stops early, and a default that peeks at anything an
 * unlearner does not hold would flatter exactly these methods.
 *   'forget-set' — uses only what an unlearner has: stop when accuracy on the
 *                  forget set falls to `stopForgetAcc`, or accuracy on the
 *                  retain reference falls more than `dropMargin` below the
 *                  Original's (both measured on the run's curve subsets).
 *   'oracle'     — the old rule: stop at Retrain's forget accuracy, or when
 *                  *test* accuracy falls by more than `dropMargin`. It reads
 *                  Retrain and the test set, so runs that use it are marked
 *                  (`ModelResult.oracleStop`) in the table and the CSV.
 */
import type { CurvePoint } from '../results';
import { num, str } from './params';
import type { MethodContext, ParamSpec, ParamValues } from './types';

export type EarlyStopRule = 'off' | 'forget-set' | 'oracle';
export const EARLY_STOP_RULES: readonly EarlyStopRule[] = ['off', 'forget-set', 'oracle'];

export const EARLY_STOP_PARAMS: ParamSpec[] = [
  {
    name: 'earlyStop', label: 'early stopping rule', kind: 'choice', default: 'off', options: [...EARLY_STOP_RULES],
    help: 'off: every step runs, as in the reference code. forget-set: stop when forget accuracy reaches the target or retain accuracy drops by the margin (only data an unlearner holds). oracle: stop at Retrain\'s forget accuracy or a test-accuracy drop — reads Retrain and the test set, marked in the table',
  },
  { name: 'stopForgetAcc', label: 'forget-accuracy target (fraction)', kind: 'number', default: 0, min: 0, max: 1, step: 0.01, help: 'forget-set rule: stop once accuracy on the forget set is at or below this' },
  { name: 'dropMargin', label: 'largest accuracy drop before stopping (fraction)', kind: 'number', default: 0.1, min: 0, max: 1, step: 0.01, help: 'Largest allowed fall (fraction) of retain accuracy (forget-set rule) or test accuracy (oracle rule) before stopping' },
  { name: 'earlyStopEvery', label: 'stopping-rule check interval (steps)', kind: 'int', default: 2, min: 1, max: 1000, help: 'Check the stopping rule every this many steps (each check evaluates the curve subsets)' },
];

/** Whether a run with these parameters reads Retrain or the test set to stop. */
export function usesOracle(params: Record<string, unknown> | undefined): boolean {
  return params?.earlyStop === 'oracle';
}

/** The unlearner's rule: forget accuracy at the target, or retain accuracy fallen by more than the margin. */
export function forgetSetStopReason(p: CurvePoint, start: CurvePoint, targetForgetAcc: number, margin: number): string | null {
  if (p.UA !== undefined && 1 - p.UA <= targetForgetAcc) {
    return `forget accuracy ${(1 - p.UA).toFixed(3)} reached the target ${targetForgetAcc.toFixed(3)} at step ${p.step}`;
  }
  if (p.RA !== undefined && start.RA !== undefined && start.RA - p.RA > margin) {
    return `retain accuracy fell from ${start.RA.toFixed(3)} to ${p.RA.toFixed(3)} (more than ${margin}) at step ${p.step}`;
  }
  return null;
}

/** The oracle rule: Retrain's forget accuracy (0 if Retrain has not run), or test accuracy fallen by more than the margin. */
export function oracleStopReason(p: CurvePoint, start: CurvePoint, retrainForgetAcc: number | undefined, margin: number): string | null {
  if (p.UA !== undefined) {
    const target = retrainForgetAcc ?? 0;
    if (1 - p.UA <= target) {
      return `oracle: forget accuracy ${(1 - p.UA).toFixed(3)} reached ${retrainForgetAcc !== undefined ? "Retrain's" : 'the target'} ${target.toFixed(3)} at step ${p.step}`;
    }
  }
  if (p.TA !== undefined && start.TA !== undefined && start.TA - p.TA > margin) {
    return `oracle: test accuracy fell from ${start.TA.toFixed(3)} to ${p.TA.toFixed(3)} (more than ${margin}) at step ${p.step}`;
  }
  return null;
}

/**
 * The early-stop check of a step, per the method's EARLY_STOP_PARAMS: with a
 * rule on, probes the model every `earlyStopEvery` steps and returns the
 * reason to stop, or null. With the rule off it never probes, so the run
 * cannot depend on Retrain or the test set.
 */
export async function checkEarlyStop(ctx: MethodContext, p: ParamValues, step: number, loss: number): Promise<string | null> {
  const rule = str(p, 'earlyStop') as EarlyStopRule;
  if (rule === 'off' || step % num(p, 'earlyStopEvery') !== 0) return null;
  const point = await ctx.probe(step, loss);
  return rule === 'oracle'
    ? oracleStopReason(point, ctx.start, ctx.retrainForgetAcc, num(p, 'dropMargin'))
    : forgetSetStopReason(point, ctx.start, num(p, 'stopForgetAcc'), num(p, 'dropMargin'));
}
