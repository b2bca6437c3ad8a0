import { describe, expect, it } from 'vitest';
import { getMethod, methodIds } from '../methods';
import { resolveParams } from '../methods/params';
import { createRng } from '../random';
import { sampleParams, sampleValue } from './sampleParams';
import { SEARCH_SPACES } from './searchSpace';

describe('search spaces', () => {
  it('cover every method but Retrain, each with at least two tuned parameters', () => {
    expect(Object.keys(SEARCH_SPACES).sort()).toEqual(methodIds().filter((id) => id !== 'retrain').sort());
    for (const space of Object.values(SEARCH_SPACES)) expect(Object.keys(space).length).toBeGreaterThanOrEqual(2);
  });

  it.each(Object.keys(SEARCH_SPACES))('%s: every range names a parameter of the schema, of its kind, inside its valid range', (id) => {
    const specs = getMethod(id).params;
    for (const [name, r] of Object.entries(SEARCH_SPACES[id])) {
      const s = specs.find((p) => p.name === name);
      expect(s, `${id}.${name}`).toBeDefined();
      expect(s!.kind, `${id}.${name}`).toBe(r.kind);
      if ((r.kind === 'number' || r.kind === 'int') && (s!.kind === 'number' || s!.kind === 'int')) {
        expect(r.min).toBeLessThan(r.max);
        expect(r.min).toBeGreaterThanOrEqual(s!.min ?? -Infinity);
        expect(r.max).toBeLessThanOrEqual(s!.max ?? Infinity);
      }
      if (r.kind === 'choice' && s!.kind === 'choice') for (const o of r.options) expect(s!.options).toContain(o);
    }
  });

  it.each(Object.keys(SEARCH_SPACES))('%s: 50 sampled trials all pass the method\'s own parameter checks', (id) => {
    const rng = createRng(5);
    for (let t = 0; t < 50; t++) expect(() => resolveParams(id, getMethod(id).params, sampleParams(SEARCH_SPACES[id], rng))).not.toThrow();
  });
});

describe('sampling', () => {
  it('log ranges are log-uniform: as many draws in [1e-4, 1e-3) as in [1e-3, 1e-2)', () => {
    const rng = createRng(9);
    const draws = Array.from({ length: 4000 }, () => sampleValue({ kind: 'number', min: 1e-4, max: 1e-2, log: true }, rng) as number);
    const low = draws.filter((v) => v < 1e-3).length;
    expect(draws.every((v) => v >= 1e-4 && v <= 1e-2)).toBe(true);
    expect(Math.abs(low - 2000)).toBeLessThan(150); // std ≈ 32
  });

  it('integers cover min..max inclusive; the same stream gives the same trial', () => {
    const rng = createRng(2);
    const seen = new Set(Array.from({ length: 200 }, () => sampleValue({ kind: 'int', min: 1, max: 3 }, rng)));
    expect([...seen].sort()).toEqual([1, 2, 3]);
    expect(sampleParams(SEARCH_SPACES.muda, createRng(4))).toEqual(sampleParams(SEARCH_SPACES.muda, createRng(4)));
  });
});
