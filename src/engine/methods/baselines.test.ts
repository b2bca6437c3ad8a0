/**
 * What every baseline method owes the runner: a complete, valid params schema,
 * no leaked tensors, the same weights for the same seed, a prompt return when
 * cancelled, and a clean run through runUnlearning.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { disposeModel } from '../models/model';
import { createRng } from '../random';
import { getMethod, methodIds } from './index';
import { resolveParams } from './params';
import { runUnlearning } from './runner';
import type { CurvePoint } from '../results';
import { makeContext, makeFixture, maxAbsDiff, runMethod, weightsOf, type Fixture } from './testFixtures';
import type { MethodContext } from './types';

/** Small settings so each run takes a few steps. */
const FAST: Record<string, Record<string, unknown>> = {
  ga: { epochs: 1 },
  ft: { epochs: 1 },
  neggradplus: { epochs: 1, batchSize: 64 },
  rl: { epochs: 1, batchSize: 32 },
  'boundary-shrink': { epochs: 1, epsilon: 2 },
  'boundary-expand': { epochs: 1 },
  'l1-sparse': { epochs: 1 },
  salun: { epochs: 1, batchSize: 32 },
  scrub: { epochs: 2, maxEpochs: 1 },
  'bad-teacher': {},
  ssd: { alpha: 2 },
};
const IDS = Object.keys(FAST);

let fx: Fixture;
beforeAll(async () => {
  await tf.setBackend('cpu');
  fx = await makeFixture();
});

describe('baseline methods: registry and params', () => {
  it('registers every baseline under its docs/contracts.md id', () => {
    for (const id of IDS) expect(methodIds()).toContain(id);
  });

  it.each(IDS)('%s: every param has help, a range, and a default inside it', (id) => {
    const m = getMethod(id);
    expect(m.label.length).toBeGreaterThan(0);
    expect(m.summary.length).toBeGreaterThan(0);
    expect(new Set(m.params.map((p) => p.name)).size).toBe(m.params.length);
    for (const p of m.params) {
      expect(p.help.length, p.name).toBeGreaterThan(5);
      if (p.kind === 'number' || p.kind === 'int') {
        expect(p.min, p.name).toBeDefined();
        expect(p.max, p.name).toBeDefined();
        expect(p.default).toBeGreaterThanOrEqual(p.min!);
        expect(p.default).toBeLessThanOrEqual(p.max!);
      }
      if (p.kind === 'choice') expect(p.options).toContain(p.default);
    }
    expect(() => resolveParams(id, m.params, FAST[id])).not.toThrow();
  });

  // Over the whole registry, not just the baselines: MUDA's form and Retrain's (empty) one too.
  it.each(methodIds())('%s: every param has a reader\'s label, not just its id', (id) => {
    for (const p of getMethod(id).params) {
      expect(p.label.trim(), p.name).not.toBe('');
      expect(p.label.trim().toLowerCase(), p.name).not.toBe(p.name.toLowerCase());
    }
  });

  it('the registry holds MUDA and Retrain, so the label check covers them', () => {
    expect(methodIds()).toEqual(expect.arrayContaining(['muda', 'retrain']));
    expect(getMethod('muda').params.length).toBeGreaterThan(0);
  });
});

describe('baseline methods: tensors, determinism, cancel', () => {
  it.each(IDS)('%s: leaves no tensor behind and gives identical weights for the same seed', async (id) => {
    const m = getMethod(id);
    const a = await makeContext(fx, id);
    const before = tf.memory().numTensors;
    await runMethod(m, a, FAST[id]);
    expect(tf.memory().numTensors).toBe(before);
    const b = await makeContext(fx, id);
    await runMethod(m, b, FAST[id]);
    expect(maxAbsDiff(await weightsOf(a.model), await weightsOf(b.model))).toBe(0);
    // And the method did something.
    expect(maxAbsDiff(await weightsOf(a.model), await weightsOf(fx.original))).toBeGreaterThan(0);
    disposeModel(a.model);
    disposeModel(b.model);
  });

  it.each(IDS)('%s: returns at once, weights untouched, when already cancelled', async (id) => {
    const ac = new AbortController();
    ac.abort();
    const ctx = await makeContext(fx, id, { signal: ac.signal });
    const before = tf.memory().numTensors;
    const { events } = await runMethod(getMethod(id), ctx, FAST[id]);
    expect(events.filter((e) => e.type === 'step')).toHaveLength(0);
    expect(tf.memory().numTensors).toBe(before);
    expect(maxAbsDiff(await weightsOf(ctx.model), await weightsOf(fx.original))).toBe(0);
    disposeModel(ctx.model);
  });
});

/**
 * A context that throws the moment anyone reads Retrain's forget accuracy or a
 * test accuracy (in the start point or any probe): what no unlearner has.
 */
function blindContext(ctx: MethodContext): MethodContext {
  const blind = (p: CurvePoint): CurvePoint => {
    const { TA: _ta, ...rest } = p;
    return Object.defineProperty(rest, 'TA', { enumerable: true, get: () => { throw new Error('read the test accuracy'); } });
  };
  const probe = ctx.probe;
  const out: MethodContext = { ...ctx, start: blind(ctx.start), probe: async (step, loss) => blind(await probe(step, loss)) };
  return Object.defineProperty(out, 'retrainForgetAcc', { get: () => { throw new Error('read Retrain'); } });
}

describe('defaults follow the reference code (the values each header cites)', () => {
  const defaults = (id: string) => resolveParams(id, getMethod(id).params);
  it('GA: SGD with momentum 0.9 and weight decay 5e-4, lr 1e-4, 5 epochs, batch 256 (Unlearn-Sparse)', () => {
    expect(defaults('ga')).toMatchObject({ optimizer: 'sgd', momentum: 0.9, weightDecay: 5e-4, lr: 1e-4, epochs: 5, batchSize: 256, earlyStop: 'off' });
  });
  it('SCRUB: the large-scale setting, forget batch larger than the retain batch, step decay on', () => {
    const p = defaults('scrub');
    expect(p).toMatchObject({ optimizer: 'sgd', lr: 5e-4, temperature: 4, gamma: 0.99, alpha: 0.001, epochs: 3, maxEpochs: 2, lrDecayEpochs: '3,5,9', lrDecayRate: 0.1, earlyStop: 'off' });
    expect(p.forgetBatchSize as number).toBeGreaterThan(p.batchSize as number);
  });
  it('RL and SalUn: SGD with weight decay 5e-4, lr 0.01, batch 256 (Unlearn-Saliency)', () => {
    for (const id of ['rl', 'salun']) expect(defaults(id)).toMatchObject({ optimizer: 'sgd', momentum: 0.9, weightDecay: 5e-4, lr: 0.01, batchSize: 256 });
  });
  it('SSD: α 10, λ 1, batches of 64 for both importances (the SSD repository)', () => {
    expect(defaults('ssd')).toEqual({ alpha: 10, lambda: 1, batchSize: 64, forgetBatchSize: 64 });
  });
  it('no method stops early by default', () => {
    for (const id of methodIds()) {
      const p = defaults(id);
      if ('earlyStop' in p) expect(p.earlyStop, id).toBe('off');
    }
  });
});

describe('no method peeks at Retrain or the test set', () => {
  const ALL: Record<string, Record<string, unknown>> = { ...FAST, muda: { epochs: 1 } };
  it.each(Object.keys(ALL))('%s: its default run reads neither Retrain\'s forget accuracy nor any test accuracy', async (id) => {
    const ctx = blindContext(await makeContext(fx, id));
    const { outcome } = await runMethod(getMethod(id), ctx, ALL[id]);
    expect(outcome.status).toBe('ok');
    disposeModel(ctx.model);
  });

  it('the blind context does catch a run that uses the oracle stop', async () => {
    const ctx = blindContext(await makeContext(fx, 'ga'));
    await expect(runMethod(getMethod('ga'), ctx, { epochs: 1, earlyStop: 'oracle', earlyStopEvery: 1 })).rejects.toThrow(/read Retrain|read the test accuracy/);
    disposeModel(ctx.model);
  });
});

describe('baseline methods: through the runner', () => {
  it.each(IDS)('%s: runs under runUnlearning with finite losses and ends with K outputs', async (id) => {
    const events: string[] = [];
    const r = await runUnlearning(getMethod(id), resolveParams(id, getMethod(id).params, FAST[id]), {
      original: fx.original, data: fx.data, rng: createRng(3).fork(id), signal: new AbortController().signal,
      train: { epochs: 20, batchSize: 32, optimizer: 'adam', lr: 0.01 }, everySteps: 5,
      da: { tau: 0.95, centered: false }, modelId: id,
    }, (e) => events.push(e.type));
    expect(r.status).toBe('ok');
    expect(r.curves.length).toBeGreaterThan(1);
    const out = tf.tidy(() => r.model.logits(tf.zeros([2, 8])).shape);
    expect(out).toEqual([2, 4]);
    disposeModel(r.model);
  });
});
