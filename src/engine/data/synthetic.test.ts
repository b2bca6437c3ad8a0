import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { ConfigError } from '../errors';
import { gatherInputs, range } from './dataset';
import { makeSynthetic, SYNTHETIC_NAMES, type SyntheticName } from './synthetic';

function counts(y: Int32Array, k: number): number[] {
  const c = new Array(k).fill(0);
  for (const v of y) c[v]++;
  return c;
}

describe('makeSynthetic', () => {
  it.each(SYNTHETIC_NAMES)('%s with defaults: 1000 points, 2-D float32, 80/20 split, labels in range', (name) => {
    const ds = makeSynthetic(name, {}, createRng(1));
    const k = { blobs: 4, moons: 2, circles: 2, spirals: 3 }[name];
    expect(ds.name).toBe(name);
    expect(ds.inputShape).toEqual([2]);
    expect(ds.numClasses).toBe(k);
    expect(ds.classNames).toEqual(Array.from({ length: k }, (_, c) => `class ${c}`));
    expect(ds.xScale).toBe(1);
    expect(ds.train.n).toBe(800);
    expect(ds.test.n).toBe(200);
    expect(ds.train.x).toBeInstanceOf(Float32Array);
    expect(ds.train.x.length).toBe(1600);
    expect(ds.test.x.length).toBe(400);
    for (const s of [ds.train, ds.test]) {
      expect(s.y.length).toBe(s.n);
      expect([...s.y].every((v) => v >= 0 && v < k)).toBe(true);
      expect([...s.x].every((v) => Number.isFinite(v))).toBe(true);
    }
    // Balanced classes, stratified split: every class in both sets.
    for (const c of counts(ds.test.y, k)) expect(c).toBeGreaterThanOrEqual(Math.floor(200 / k) - 1);
  });

  it.each(SYNTHETIC_NAMES)('%s is deterministic for a seed and differs across seeds', (name) => {
    const a = makeSynthetic(name, { n: 200 }, createRng(7));
    const b = makeSynthetic(name, { n: 200 }, createRng(7));
    const c = makeSynthetic(name, { n: 200 }, createRng(8));
    expect(Array.from(a.train.x)).toEqual(Array.from(b.train.x));
    expect(Array.from(a.test.y)).toEqual(Array.from(b.test.y));
    expect(Array.from(a.train.x)).not.toEqual(Array.from(c.train.x));
  });

  it('standardisation comes from the training split: standardised train inputs have mean 0, std 1', () => {
    const ds = makeSynthetic('blobs', { n: 500 }, createRng(3));
    const z = gatherInputs(ds, ds.train, range(ds.train.n));
    for (let j = 0; j < 2; j++) {
      let m = 0, s = 0;
      for (let i = 0; i < ds.train.n; i++) m += z[2 * i + j];
      m /= ds.train.n;
      for (let i = 0; i < ds.train.n; i++) s += (z[2 * i + j] - m) ** 2;
      expect(Math.abs(m)).toBeLessThan(1e-4);
      expect(Math.sqrt(s / ds.train.n)).toBeCloseTo(1, 4);
    }
  });

  it('options n, noise and classes are honoured', () => {
    const ds = makeSynthetic('spirals', { n: 301, noise: 0, classes: 6 }, createRng(2));
    expect(ds.numClasses).toBe(6);
    expect(ds.train.n + ds.test.n).toBe(301);
    // Without noise, every spiral point lies within the unit disc.
    for (const s of [ds.train, ds.test]) {
      for (let i = 0; i < s.n; i++) expect(Math.hypot(s.x[2 * i], s.x[2 * i + 1])).toBeLessThanOrEqual(1 + 1e-6);
    }
    const circles = makeSynthetic('circles', { noise: 0 }, createRng(2));
    for (let i = 0; i < circles.train.n; i++) {
      const r = Math.hypot(circles.train.x[2 * i], circles.train.x[2 * i + 1]);
      expect(r).toBeCloseTo(circles.train.y[i] === 0 ? 1 : 0.5, 5);
    }
  });

  it('blobs with 10 classes puts its centres apart: nearest-centre accuracy ≥ 95% at default noise', () => {
    const ds = makeSynthetic('blobs', { classes: 10, n: 2000 }, createRng(4));
    const centres = Array.from({ length: 10 }, () => [0, 0, 0]);
    for (let i = 0; i < ds.train.n; i++) {
      const c = centres[ds.train.y[i]];
      c[0] += ds.train.x[2 * i]; c[1] += ds.train.x[2 * i + 1]; c[2]++;
    }
    let correct = 0;
    for (let i = 0; i < ds.test.n; i++) {
      let best = 0, bestD = Infinity;
      centres.forEach(([sx, sy, cnt], c) => {
        const d = (ds.test.x[2 * i] - sx / cnt) ** 2 + (ds.test.x[2 * i + 1] - sy / cnt) ** 2;
        if (d < bestD) { bestD = d; best = c; }
      });
      if (best === ds.test.y[i]) correct++;
    }
    expect(correct / ds.test.n).toBeGreaterThanOrEqual(0.95);
  });

  const rejects: [SyntheticName, Record<string, unknown>, RegExp][] = [
    ['moons', { classes: 3 }, /config\.dataset\.options\.classes: moons has exactly 2 classes, got 3/],
    ['circles', { classes: 4 }, /config\.dataset\.options\.classes: circles has exactly 2 classes, got 4/],
    ['blobs', { classes: 11 }, /options\.classes: blobs takes 2 to 10 classes, got 11/],
    ['blobs', { classes: 1 }, /options\.classes: blobs takes 2 to 10 classes, got 1/],
    ['spirals', { classes: 7 }, /options\.classes: spirals takes 2 to 6 classes, got 7/],
    ['spirals', { classes: 2.5 }, /options\.classes: must be an integer, got 2.5/],
    ['blobs', { n: 0 }, /options\.n: must be in 20\.\.1000000 .*got 0/],
    ['blobs', { n: 12.5 }, /options\.n: must be an integer, got 12.5/],
    ['moons', { n: '100' }, /options\.n: must be an integer, got "100"/],
    ['moons', { n: 2_000_000 }, /options\.n: must be in 10\.\.1000000/],
    ['moons', { noise: -1 }, /options\.noise: must be a number in 0\.\.10, got -1/],
    ['moons', { noise: Number.NaN }, /options\.noise: must be a number in 0\.\.10, got null/],
    ['circles', { nosie: 0.1 }, /options\.nosie: unknown option "nosie" for circles/],
  ];
  it.each(rejects)('%s rejects %j with a message naming the option', (name, options, message) => {
    expect(() => makeSynthetic(name, options, createRng(1))).toThrow(ConfigError);
    expect(() => makeSynthetic(name, options, createRng(1))).toThrow(message);
  });
});
