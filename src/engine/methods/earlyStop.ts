/**
 * Early stopping for methods that push the forget loss up (GA, NegGrad+, …),
 * which diverge if left alone (baselines.md pitfalls): stop when the forget
 * accuracy reaches Retrain's, or when test accuracy falls more than a margin.
 */
import type { CurvePoint } from '../results';
import { bool, num } from './params';
import type { MethodContext, ParamSpec, ParamValues } from './types';

export const EARLY_STOP_PARAMS: ParamSpec[] = [
  { name: 'earlyStop', kind: 'boolean', default: true, help: 'Stop when forget accuracy reaches Retrain\'s (or 0 if Retrain has not run), or test accuracy drops by more than the margin' },
  { name: 'taDropMargin', kind: 'number', default: 0.1, min: 0, max: 1, step: 0.01, help: 'Largest allowed fall of test accuracy (fraction) before stopping' },
  { name: 'earlyStopEvery', kind: 'int', default: 2, min: 1, max: 1000, help: 'Check the stopping rule every this many steps (each check evaluates the curve subsets)' },
];

/** The reason to stop, or null to go on. */
export function earlyStopReason(p: CurvePoint, start: CurvePoint, retrainForgetAcc: number | undefined, margin: number): string | null {
  if (p.UA !== undefined) {
    const forgetAcc = 1 - p.UA;
    const target = retrainForgetAcc ?? 0;
    if (forgetAcc <= target) {
      return `forget accuracy ${forgetAcc.toFixed(3)} reached ${retrainForgetAcc !== undefined ? "Retrain's" : 'the target'} ${target.toFixed(3)} at step ${p.step}`;
    }
  }
  if (p.TA !== undefined && start.TA !== undefined && start.TA - p.TA > margin) {
    return `test accuracy fell from ${start.TA.toFixed(3)} to ${p.TA.toFixed(3)} (more than ${margin}) at step ${p.step}`;
  }
  return null;
}

/**
 * The early-stop check of a step, per the method's EARLY_STOP_PARAMS: probes
 * the model every `earlyStopEvery` steps (when enabled) and returns the reason
 * to stop, or null.
 */
export async function checkEarlyStop(ctx: MethodContext, p: ParamValues, step: number, loss: number): Promise<string | null> {
  if (!bool(p, 'earlyStop') || step % num(p, 'earlyStopEvery') !== 0) return null;
  return earlyStopReason(await ctx.probe(step, loss), ctx.start, ctx.retrainForgetAcc, num(p, 'taDropMargin'));
}
