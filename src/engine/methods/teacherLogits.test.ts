import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { disposeBatch, makeBatch } from '../batching';
import { TeacherLogits } from './teacherLogits';
import { makeFixture, type Fixture } from './testFixtures';

let fx: Fixture;
beforeAll(async () => {
  await tf.setBackend('cpu');
  fx = await makeFixture();
});

describe('TeacherLogits', () => {
  it('gives, for any batch of the samples it was computed on, the logits of a forward pass on that batch', async () => {
    const teacher = await TeacherLogits.of(fx.original, fx.ds, fx.data.forget);
    // A batch in another order, with a repeat: rows follow the batch, not the computed order.
    const idx = Int32Array.from([fx.data.forget[5], fx.data.forget[0], fx.data.forget[5], fx.data.forget.at(-1)!]);
    const b = makeBatch(fx.ds, fx.ds.train, idx);
    const want = tf.tidy(() => fx.original.logits(b.x));
    const got = teacher.logitsOf(b);
    expect(got.shape).toEqual(want.shape);
    const w = await want.data();
    const g = await got.data();
    expect(Math.max(...Array.from(g, (v, i) => Math.abs(v - w[i])))).toBeLessThan(1e-5);
    tf.dispose([want, got]);
    disposeBatch(b);
    teacher.dispose();
  });

  it('a sample it was not computed on is an error naming the sample, and dispose frees its tensor', async () => {
    const before = tf.memory().numTensors;
    const teacher = await TeacherLogits.of(fx.original, fx.ds, fx.data.forget);
    expect(tf.memory().numTensors).toBe(before + 1);
    const outside = fx.data.retain[0];
    const b = makeBatch(fx.ds, fx.ds.train, Int32Array.from([outside]));
    expect(() => teacher.logitsOf(b)).toThrow(`training sample ${outside} was not computed`);
    disposeBatch(b);
    teacher.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
