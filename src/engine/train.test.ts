import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { range } from './data/dataset';
import { CancelledError, DivergenceError } from './errors';
import { createModel, disposeModel, snapshotModel } from './models/model';
import { createRng } from './random';
import { tinyClusters } from './testing/tinyData';
import { train, type TrainOptions } from './train';
import { mapChunks } from './batching';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const ds = tinyClusters();
const cfg = { kind: 'mlp' as const, hidden: [16], featureDim: 8 };
const opts: TrainOptions = { epochs: 5, batchSize: 32, optimizer: 'adam', lr: 0.01, label: 'Original' };

async function drain<T, R>(g: AsyncGenerator<T, R>): Promise<{ events: T[]; ret: R }> {
  const events: T[] = [];
  for (;;) {
    const r = await g.next();
    if (r.done) return { events, ret: r.value };
    events.push(r.value);
  }
}

describe('training loop', () => {
  it('learns the clusters, reports progress with an ETA, and ends at fraction 1', async () => {
    const m = createModel(cfg, ds.inputShape, ds.numClasses, createRng(1));
    const { events, ret } = await drain(train(m, ds, ds.train, range(ds.train.n), opts, createRng(2)));
    expect(ret).toBe(5 * Math.ceil(240 / 32));
    expect(events.at(-1)!.fraction).toBe(1);
    expect(events.at(-1)!.etaMs).toBe(0);
    expect(events.at(-1)!.loss).toBeLessThan(events[0].loss);
    const pred = await mapChunks(ds, ds.test, range(ds.test.n), 64, (x) => tf.argMax(m.logits(x), 1).expandDims(1).toFloat() as tf.Tensor2D);
    let hits = 0;
    for (let i = 0; i < ds.test.n; i++) if (pred.data[i] === ds.test.y[i]) hits++;
    expect(hits / ds.test.n).toBeGreaterThan(0.9);
    disposeModel(m);
  });

  it('same seed → identical weights (determinism)', async () => {
    const run = async () => {
      const m = createModel(cfg, ds.inputShape, ds.numClasses, createRng(1));
      await drain(train(m, ds, ds.train, range(ds.train.n), opts, createRng(2)));
      const s = await snapshotModel(m);
      disposeModel(m);
      return s.tensors.flatMap((t) => Array.from(t.data));
    };
    expect(await run()).toEqual(await run());
  });

  it('NaN guard: a diverging run stops with a message and keeps finite weights', async () => {
    const m = createModel(cfg, ds.inputShape, ds.numClasses, createRng(1));
    const bad = { ...ds, xScale: 1e30 }; // inputs overflow float32 → non-finite loss
    const err = await drain(train(m, bad, bad.train, range(bad.train.n), { ...opts, optimizer: 'sgd', lr: 1 }, createRng(2))).catch((e) => e);
    expect(err).toBeInstanceOf(DivergenceError);
    expect(String(err.message)).toMatch(/Original diverged at step \d+: loss is not finite; kept the last finite weights/);
    for (const w of m.weights) expect(tf.any(tf.isNaN(w)).dataSync()[0]).toBe(0);
    disposeModel(m);
  });

  it('cancel stops between steps with CancelledError', async () => {
    const m = createModel(cfg, ds.inputShape, ds.numClasses, createRng(1));
    const ctl = new AbortController();
    const g = train(m, ds, ds.train, range(ds.train.n), opts, createRng(2), ctl.signal);
    await g.next();
    await g.next();
    ctl.abort();
    await expect(g.next()).rejects.toBeInstanceOf(CancelledError);
    disposeModel(m);
  });

  it('leaves no tensors behind besides the model', async () => {
    const before = tf.memory().numTensors;
    const m = createModel(cfg, ds.inputShape, ds.numClasses, createRng(1));
    await drain(train(m, ds, ds.train, range(ds.train.n), { ...opts, epochs: 1 }, createRng(2)));
    disposeModel(m);
    expect(tf.memory().numTensors).toBe(before);
  });
});
