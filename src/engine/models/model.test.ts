import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { cloneModel, createModel, disposeModel, restoreInto, restoreModel, snapshotModel, weightName } from './model';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-6) => {
  // tol 0 means exactly equal.
  if (tol === 0) return expect(Array.from(a)).toEqual(Array.from(b));
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(tol);
};

describe('models with a features → head split', () => {
  it('MLP: head(features(x)) equals logits(x); features are the penultimate width', () => {
    const m = createModel({ kind: 'mlp', hidden: [16, 12], featureDim: 8 }, [10], 4, createRng(1));
    const x = tf.randomNormal([5, 10], 0, 1, 'float32', 3);
    const f = m.features(x);
    expect(f.shape).toEqual([5, 8]);
    close(m.head(f).dataSync(), m.logits(x).dataSync());
    expect(m.weights.map(weightName)).toEqual(['dense0/kernel', 'dense0/bias', 'dense1/kernel', 'dense1/bias', 'features/kernel', 'features/bias', 'head/kernel', 'head/bias']);
    disposeModel(m);
  });

  it('CNN: head(features(x)) equals logits(x) on images', () => {
    const m = createModel({ kind: 'cnn', hidden: [], featureDim: 6, channels: [4, 8] }, [8, 8, 1], 3, createRng(2));
    const x = tf.randomUniform([2, 64], 0, 1, 'float32', 4);
    const f = m.features(x);
    expect(f.shape).toEqual([2, 6]);
    close(m.head(f).dataSync(), m.logits(x).dataSync());
    disposeModel(m);
  });

  it('same seed → same initial weights; snapshot → restore round-trips', async () => {
    const cfg = { kind: 'mlp' as const, hidden: [8], featureDim: 4 };
    const a = createModel(cfg, [3], 2, createRng(9));
    const b = createModel(cfg, [3], 2, createRng(9));
    const sa = await snapshotModel(a);
    const sb = await snapshotModel(b);
    sa.tensors.forEach((t, i) => close(t.data, sb.tensors[i].data, 0));
    const c = restoreModel(sa);
    const x = tf.ones([1, 3]);
    close(c.logits(x).dataSync(), a.logits(x).dataSync());
    [a, b, c].forEach(disposeModel);
  });

  it('clone is independent of the original; restoreInto overwrites in place', async () => {
    const m = createModel({ kind: 'mlp', hidden: [8], featureDim: 4 }, [3], 2, createRng(4));
    const snap = await snapshotModel(m);
    const c = cloneModel(m);
    c.weights[0].assign(tf.zerosLike(c.weights[0]));
    close(m.weights[0].dataSync(), snap.tensors[0].data);
    restoreInto(c, snap);
    close(c.weights[0].dataSync(), snap.tensors[0].data);
    disposeModel(m);
    disposeModel(c);
  });
});
