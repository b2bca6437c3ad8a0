import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { tinyClusters, tinyImages } from '../testing/tinyData';
import { buildScenario, TRIGGER } from './scenarios';

const opts = { retainReferenceSize: 50, curveSubsetSize: 20 };

function checkPartition(n: number, forget: Int32Array, retain: Int32Array, retainRef: Int32Array) {
  expect(forget.length + retain.length).toBe(n);
  const f = new Set(forget);
  for (const i of retain) expect(f.has(i)).toBe(false);
  const r = new Set(retain);
  for (const i of retainRef) expect(r.has(i)).toBe(true);
}

describe('forget scenarios', () => {
  const ds = tinyClusters({ n: 300, classes: 3 });

  it('random 10%: right size, disjoint, seeded', () => {
    const a = buildScenario(ds, { kind: 'random', fraction: 0.1 }, createRng(1), opts);
    const b = buildScenario(ds, { kind: 'random', fraction: 0.1 }, createRng(1), opts);
    const c = buildScenario(ds, { kind: 'random', fraction: 0.1 }, createRng(2), opts);
    expect(a.forget.length).toBe(30);
    checkPartition(300, a.forget, a.retain, a.retainRef);
    expect(a.retainRef.length).toBe(50);
    expect([...a.forget]).toEqual([...b.forget]);
    expect([...a.forget]).not.toEqual([...c.forget]);
  });

  it('class-wise: forget = every sample of the class; TA excludes it', () => {
    const d = buildScenario(ds, { kind: 'class', class: 1 }, createRng(1), opts);
    expect(d.forget.length).toBe(100);
    for (const i of d.forget) expect(ds.train.y[i]).toBe(1);
    for (const i of d.test) expect(ds.test.y[i]).not.toBe(1);
    for (const i of d.forgetClassTest!) expect(ds.test.y[i]).toBe(1);
    checkPartition(300, d.forget, d.retain, d.retainRef);
  });

  it('sub-class: merges the group into one coarse class and forgets the fine class', () => {
    const d = buildScenario(tinyClusters({ n: 300, classes: 4 }), { kind: 'subclass', group: [1, 3], class: 3 }, createRng(1), opts);
    expect(d.dataset.numClasses).toBe(3);
    expect(d.dataset.classNames[1]).toBe('c1 / c3');
    for (const i of d.forget) expect(d.dataset.train.y[i]).toBe(1);
    expect(d.forget.length).toBe(75);
  });

  it('hand-picked indices, deduplicated and sorted', () => {
    const d = buildScenario(ds, { kind: 'indices', indices: [5, 2, 5, 9] }, createRng(1), opts);
    expect([...d.forget]).toEqual([2, 5, 9]);
  });

  it('backdoor: the trigger is applied to the poisoned subset only, with the target label', () => {
    const img = tinyImages({ n: 120 });
    const d = buildScenario(img, { kind: 'backdoor', fraction: 0.1, target: 0 }, createRng(3), opts);
    expect(d.forget.length).toBe(12);
    const poisoned = new Set(d.forget);
    const [h, w] = img.inputShape;
    const patchPixel = (x: Uint8Array | Float32Array, i: number) =>
      x[i * 64 + (h - TRIGGER.margin - 1) * w + (w - TRIGGER.margin - 1)];
    for (let i = 0; i < img.train.n; i++) {
      if (poisoned.has(i)) {
        expect(patchPixel(d.dataset.train.x, i)).toBe(255);
        expect(d.dataset.train.y[i]).toBe(0);
        expect(img.train.y[i]).not.toBe(0); // drawn from non-target samples
      } else {
        expect(d.dataset.train.x[i * 64 + 63 - 9]).toBe(img.train.x[i * 64 + 63 - 9]);
        expect(d.dataset.train.y[i]).toBe(img.train.y[i]);
      }
    }
    // The clean dataset is not modified.
    expect(patchPixel(img.train.x, d.forget[0])).toBeLessThan(255);
    expect(d.backdoor!.triggeredTest.n).toBe([...img.test.y].filter((y) => y !== 0).length);
  });

  it('rejects an empty forget set, the whole training set, and a class with no samples', () => {
    expect(() => buildScenario(ds, { kind: 'random', fraction: 0 }, createRng(1), opts)).toThrow(/forget set is empty/);
    expect(() => buildScenario(ds, { kind: 'random', fraction: 1 }, createRng(1), opts)).toThrow(/whole training set/);
    expect(() => buildScenario(ds, { kind: 'class', class: 7 }, createRng(1), opts)).toThrow(/class 7 does not exist/);
    expect(() => buildScenario(ds, { kind: 'indices', indices: [400] }, createRng(1), opts)).toThrow(/outside the training set/);
    expect(() => buildScenario(ds, { kind: 'backdoor', fraction: 0.1, target: 0 }, createRng(1), opts)).toThrow(/needs images/);
    const noClass2 = { ...ds, train: { ...ds.train, y: ds.train.y.map((y) => (y === 2 ? 0 : y)) } };
    expect(() => buildScenario(noClass2, { kind: 'class', class: 2 }, createRng(1), opts)).toThrow(/has no training samples/);
  });
});
