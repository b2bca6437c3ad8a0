import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { matrix } from './matrix';
import { fitPca, projectPca } from './pca';

describe('pca', () => {
  it('finds the long axis of points stretched along (1, 1, 0) and orders axes by variance', () => {
    const rng = createRng(1);
    const n = 500;
    const data = new Float32Array(n * 3);
    for (let i = 0; i < n; i++) {
      const a = 10 * rng.normal();
      const b = 1 * rng.normal();
      data.set([a + 5, a - 2, b + 1], i * 3); // long axis (1,1,0)/√2, then (0,0,1)
    }
    const pca = fitPca(matrix(n, 3, data), 2);
    const r = Math.SQRT1_2;
    expect(Math.abs(pca.components[0] - r)).toBeLessThan(1e-2);
    expect(Math.abs(pca.components[1] - r)).toBeLessThan(1e-2);
    expect(Math.abs(pca.components[5])).toBeGreaterThan(0.99);
    expect(pca.explained[0]).toBeGreaterThan(0.95);
    expect(pca.explained[0]).toBeGreaterThan(pca.explained[1]);
  });

  it('projects a point exactly: mean maps to the origin, mean + axis to (1, 0)', () => {
    // Four points on a cross: long along x, short along y.
    const X = matrix(4, 2, new Float32Array([-2, 0, 2, 0, 0, -1, 0, 1]));
    const pca = fitPca(X, 2);
    const [c0, c1] = projectPca(pca, matrix(2, 2, new Float32Array([0, 0, 1, 0])));
    expect(Math.abs(c0[0])).toBeLessThan(1e-12);
    expect(Math.abs(c0[1])).toBeLessThan(1e-12);
    expect(Math.abs(c1[0] - 1)).toBeLessThan(1e-12); // axis 0 = +x (largest entry positive)
    expect(Math.abs(c1[1])).toBeLessThan(1e-12);
  });

  it('makes the largest-|·| entry of every axis positive (no mirrored pictures between runs)', () => {
    const rng = createRng(2);
    const data = new Float32Array(200 * 4).map(() => rng.normal());
    const pca = fitPca(matrix(200, 4, data), 3);
    for (let i = 0; i < 3; i++) {
      const axis = Array.from(pca.components.slice(i * 4, i * 4 + 4));
      const big = axis.reduce((b, v) => (Math.abs(v) > Math.abs(b) ? v : b), 0);
      expect(big).toBeGreaterThan(0);
      expect(Math.abs(Math.hypot(...axis) - 1)).toBeLessThan(1e-12);
    }
  });

  it('clamps d to the feature width and projects other models into a shared basis', () => {
    const X = matrix(3, 2, new Float32Array([0, 0, 1, 0, 0, 1]));
    const pca = fitPca(X, 3);
    expect(pca.d).toBe(2);
    const coords = projectPca(pca, matrix(1, 2, new Float32Array([5, 5])));
    expect(coords[0]).toHaveLength(2);
    expect(() => projectPca(pca, matrix(1, 3))).toThrow(/fitted on 2/);
  });
});
