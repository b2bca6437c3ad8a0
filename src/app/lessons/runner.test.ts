import { describe, expect, it } from 'vitest';
import type { ExperimentConfig, MethodRun } from '../../engine/config';
import type { ModelResult } from '../../engine/results';
import type { MethodInfo } from '../../engine/methods/types';
import { dataSummary } from '../testing/fixtures';
import { lesson4 } from './l4WrongSupervision';
import { lesson5 } from './l5Muda';
import { lesson6 } from './l6Measuring';
import type { LessonRecord } from './lessonState';
import { resolvedParams, runLesson, sameParams, type LessonCommands, type Outcome } from './runner';
import { result } from './testFixtures';

const METHODS: MethodInfo[] = [
  { id: 'retrain', label: 'Retrain', summary: '', params: [] },
  { id: 'ga', label: 'GA', summary: '', params: [{ name: 'lr', label: 'learning rate', kind: 'number', default: 1e-4, help: '' }, { name: 'epochs', label: 'epochs', kind: 'int', default: 2, help: '' }] },
  { id: 'rl', label: 'RL', summary: '', params: [{ name: 'epochs', label: 'epochs', kind: 'int', default: 3, help: '' }] },
  { id: 'muda', label: 'MUDA', summary: '', params: [{ name: 'lambdaDA', label: 'λ_DA', kind: 'number', default: 5, help: '' }, { name: 'epochs', label: 'epochs', kind: 'int', default: 15, help: '' }, { name: 'solver', label: 'eigensolver', kind: 'choice', default: 'auto', options: ['auto', 'cpu'], help: '' }, { name: 'recoverLoss', label: 'recover loss', kind: 'choice', default: 'sd', options: ['sd', 'ce'], help: '' }, { name: 'mode', label: 'step mode', kind: 'choice', default: 'alternate', options: ['alternate', 'joint'], help: '' }] },
];

/** A lab that records the commands it gets and makes a model for each run (or fails the ones asked to). */
function fakeLab(opts: { fail?: (run: MethodRun) => Outcome | null; models?: Record<string, ModelResult>; applyFails?: string } = {}) {
  const calls: string[] = [];
  const models: Record<string, ModelResult> = { ...(opts.models ?? {}) };
  let t = 0;
  const cmds: LessonCommands = {
    async ready() { calls.push('ready'); return { ok: true }; },
    async apply(c: ExperimentConfig) {
      calls.push(`apply ${c.dataset.name}`);
      return opts.applyFails ? { ok: false, message: opts.applyFails } : { ok: true };
    },
    async trainOriginal() {
      calls.push('trainOriginal');
      models.original ??= result({ DA: 0.95 });
      return { ok: true };
    },
    async runMethod(run) {
      calls.push(`run ${run.id} ${JSON.stringify(run.params)}`);
      const f = opts.fail?.(run);
      if (f && !f.ok) return f;
      const params = resolvedParams(run, METHODS)!;
      models[run.id] = result({ DA: 0.9 }, { method: run.id, params, timeMs: ++t });
      return { ok: true, result: models[run.id] };
    },
    session: () => ({ models: { ...models }, methods: METHODS, data: dataSummary() }),
  };
  return { cmds, calls, models };
}

describe('running a lesson', () => {
  it('prepares the lesson config, trains Original, then runs each model in order and records them under the lesson\'s keys', async () => {
    const lab = fakeLab();
    const updates: LessonRecord[] = [];
    const rec = await runLesson(lesson4, lab.cmds, { onUpdate: (r) => updates.push(r) });
    expect(lab.calls).toEqual(['ready', 'apply mnist', 'trainOriginal', 'run retrain {}', 'run ga {"optimizer":"adam","lr":0.0005,"epochs":10,"earlyStop":"forget-set","dropMargin":0.1}', 'run rl {}']);
    expect(rec.status).toBe('done');
    expect(Object.keys(rec.measured.models)).toEqual(['original', 'retrain', 'ga', 'rl']);
    expect(rec.measured.classNames).toHaveLength(10);
    expect(rec.measured.split?.forget).toBe(100);
    expect(updates.map((u) => u.current)).toContain('ga');
    expect(updates[updates.length - 1].current).toBeNull();
  });

  it('reports how long the class waited, from the start to done (and to a stop)', async () => {
    let clock = 1000;
    const now = () => (clock += 250);
    expect((await runLesson(lesson4, fakeLab().cmds, { now })).waitedMs).toBe(250);
    const failing = fakeLab();
    failing.cmds.trainOriginal = async () => ({ ok: false, message: 'no' });
    expect(await runLesson(lesson4, failing.cmds, { now })).toMatchObject({ status: 'failed', waitedMs: 250 });
  });

  it('reuses a model the session already made with the same parameters, and runs one with other parameters', async () => {
    const lab = fakeLab({ models: { retrain: result({}, { method: 'retrain', params: {} }), ga: result({}, { method: 'ga', params: { lr: 1e-4, epochs: 2 } }) } });
    await runLesson(lesson4, lab.cmds);
    expect(lab.calls.filter((c) => c.startsWith('run'))).toEqual(['run ga {"optimizer":"adam","lr":0.0005,"epochs":10,"earlyStop":"forget-set","dropMargin":0.1}', 'run rl {}']);
  });

  it('reuses what earlier lessons made on the same experiment, though the session\'s model of that method was replaced since', async () => {
    // Lesson 5 runs MUDA, then its ablations, each replacing the session's 'muda'; lesson 4 ran random labels.
    const lab = fakeLab();
    const five = await runLesson(lesson5, lab.cmds);
    const four = await runLesson(lesson4, lab.cmds);
    const before = lab.calls.length;
    const six = await runLesson(lesson6, lab.cmds, { earlier: [five.measured, four.measured] });
    expect(lab.calls.slice(before).filter((c) => c.startsWith('run'))).toEqual([]);
    expect(six.measured.models.muda).toBe(five.measured.models.muda);
    expect(six.measured.models.rl).toBe(four.measured.models.rl);
    // Another experiment (another seed) is not reused; nor anything when reuse is off.
    const other = { ...five.measured, config: { ...five.measured.config, seed: 9 } };
    const again = fakeLab();
    await runLesson(lesson6, again.cmds, { earlier: [other] });
    expect(again.calls).toContain('run muda {"epochs":10}');
    const off = fakeLab();
    await runLesson(lesson6, off.cmds, { earlier: [five.measured], reuse: false });
    expect(off.calls).toContain('run muda {"epochs":10}');
  });

  it('recomputes everything when reuse is off', async () => {
    const lab = fakeLab({ models: { retrain: result({}, { method: 'retrain', params: {} }) } });
    await runLesson(lesson4, lab.cmds, { reuse: false });
    expect(lab.calls).toContain('run retrain {}');
  });

  it('runs each ablation variant of one method separately and skips the ones switched off', async () => {
    const lab = fakeLab();
    const rec = await runLesson(lesson5, lab.cmds, { skip: new Set(['muda-no-da']) });
    expect(lab.calls.filter((c) => c.startsWith('run muda'))).toEqual([
      'run muda {"epochs":10}',
      'run muda {"epochs":10,"recoverLoss":"ce"}',
      'run muda {"epochs":10,"mode":"joint"}',
    ]);
    expect(Object.keys(rec.measured.models)).toEqual(['original', 'retrain', 'muda', 'muda-no-sd', 'muda-joint']);
    expect(rec.measured.models.muda).not.toBe(rec.measured.models['muda-joint']);
  });

  it('a model that fails is named with its reason and the lesson goes on; a cancel stops it', async () => {
    const lab = fakeLab({ fail: (r) => (r.params?.lambdaDA === 0 ? { ok: false, message: 'Running MUDA: no gradient' } : null) });
    const rec = await runLesson(lesson5, lab.cmds);
    expect(rec.status).toBe('done');
    expect(rec.measured.failed).toEqual({ 'muda-no-da': 'Running MUDA: no gradient' });
    expect(rec.measured.models['muda-joint']).toBeDefined();

    const cancelled = fakeLab({ fail: (r) => (r.id === 'ga' ? { ok: false, message: 'Running GA: cancelled', cancelled: true } : null) });
    const rec2 = await runLesson(lesson4, cancelled.cmds);
    expect(rec2.status).toBe('failed');
    expect(rec2.message).toContain('Cancelled during Gradient ascent');
    expect(cancelled.calls).not.toContain('run rl {}');
    expect(Object.keys(rec2.measured.models)).toEqual(['original', 'retrain']);
  });

  it('stops with the reason when the data cannot be prepared', async () => {
    const lab = fakeLab({ applyFails: 'HTTP 404' });
    const rec = await runLesson(lesson4, lab.cmds);
    expect(rec.status).toBe('failed');
    expect(rec.message).toBe("The lesson's data could not be prepared: HTTP 404");
    expect(lab.calls).not.toContain('trainOriginal');
  });

  it('sameParams compares every schema parameter with defaults filled in', () => {
    const p = resolvedParams({ id: 'ga', params: { lr: 5e-4 } }, METHODS);
    expect(p).toEqual({ lr: 5e-4, epochs: 2 });
    expect(sameParams(result({}, { params: { lr: 5e-4, epochs: 2 } }), p)).toBe(true);
    expect(sameParams(result({}, { params: { lr: 5e-4, epochs: 3 } }), p)).toBe(false);
    expect(sameParams(undefined, p)).toBe(false);
    expect(resolvedParams({ id: 'nope' }, METHODS)).toBeNull();
  });
});
