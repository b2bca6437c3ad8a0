import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeBatch } from '../batching';
import { disposeModel, type Model } from '../models/model';
import { createRng } from '../random';
import { badTeacher, mixedTeacherLogits, randomTeacher } from './badTeacher';
import { distillationKL } from './losses';
import { makeContext, makeFixture, runMethod, type Fixture } from './testFixtures';

let fx: Fixture;
beforeAll(async () => {
  await tf.setBackend('cpu');
  fx = await makeFixture();
});

/** KL_1(teacher ‖ student) on training samples `indices`. */
function kl(teacher: Model, student: Model, indices: Int32Array): number {
  const b = makeBatch(fx.ds, fx.ds.train, indices);
  const v = tf.tidy(() => distillationKL(teacher.logits(b.x), student.logits(b.x), 1).dataSync()[0]);
  tf.dispose([b.x, b.y]);
  return v;
}

describe('Bad Teacher', () => {
  it('picks the random teacher\'s logits for forget rows and θ_o\'s for the others', () => {
    const teacher = randomTeacher(fx.original, createRng(5));
    const b = makeBatch(fx.ds, fx.ds.train, Int32Array.from([fx.data.forget[0], fx.data.retain[0]]));
    const mixed = tf.tidy(() => mixedTeacherLogits(teacher, fx.original, b.x, tf.tensor1d([1, 0], 'int32')).arraySync());
    const bad = tf.tidy(() => teacher.logits(b.x).arraySync());
    const good = tf.tidy(() => fx.original.logits(b.x).arraySync());
    expect(mixed[0]).toEqual(bad[0]);
    expect(mixed[1]).toEqual(good[1]);
    tf.dispose([b.x, b.y]);
    disposeModel(teacher);
  });

  it('moves forget outputs towards the random teacher and keeps retain outputs near θ_o', async () => {
    const ctx = await makeContext(fx, 'bad-teacher');
    // The same teacher the method builds: same architecture, same forked stream.
    const teacher = randomTeacher(fx.original, ctx.rng.fork('teacher'));
    const before = kl(teacher, ctx.model, fx.data.forget);
    await runMethod(badTeacher, ctx, { epochs: 5, batchSize: 32, lr: 1e-3 });
    const after = kl(teacher, ctx.model, fx.data.forget);
    expect(after).toBeLessThan(0.8 * before);
    expect(kl(fx.original, ctx.model, fx.data.retain)).toBeLessThan(0.1);
    disposeModel(teacher);
    disposeModel(ctx.model);
  });
});
