import { describe, expect, it } from 'vitest';
import { createRng } from './random';

describe('seeded RNG', () => {
  it('same seed gives the same stream; another seed a different one', () => {
    const a = createRng(7), b = createRng(7), c = createRng(8);
    const sa = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(sa);
  });

  it('next() stays in [0, 1) and int(n) in [0, n) with roughly uniform counts', () => {
    const r = createRng(1);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 20000; i++) {
      const v = r.next();
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(1);
      counts[r.int(10)]++;
    }
    for (const c of counts) expect(Math.abs(c - 2000)).toBeLessThan(200);
  });

  it('normal() has mean ≈ 0 and variance ≈ 1', () => {
    const r = createRng(3);
    const xs = Array.from({ length: 20000 }, () => r.normal());
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const v = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(v - 1)).toBeLessThan(0.05);
  });

  it('sample(n, k) returns k distinct indices in range', () => {
    const s = createRng(5).sample(100, 30);
    expect(s.length).toBe(30);
    expect(new Set(s).size).toBe(30);
    for (const i of s) expect(i >= 0 && i < 100).toBe(true);
  });

  it('shuffle is a permutation', () => {
    const a = Int32Array.from({ length: 50 }, (_, i) => i);
    createRng(2).shuffle(a);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect([...a]).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('fork(label) is independent of how much the parent has drawn', () => {
    const a = createRng(9);
    const b = createRng(9);
    b.next(); b.next();
    expect(a.fork('x').next()).toBe(b.fork('x').next());
    expect(a.fork('x').next()).not.toBe(a.fork('y').next());
  });
});
