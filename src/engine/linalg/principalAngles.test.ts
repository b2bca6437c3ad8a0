import { describe, expect, it } from 'vitest';
import { principalAngles } from './principalAngles';

const basis = (rows: number, cols: number, values: number[]) => ({ rows, cols, data: Float64Array.from(values) });

describe('principalAngles', () => {
  it('is 0 for identical subspaces given by different bases', () => {
    const r = Math.SQRT1_2;
    // span{e1, e2} in R^3, once as the axes, once rotated by 45° within the plane
    const U1 = basis(3, 2, [1, 0, 0, 1, 0, 0]);
    const U2 = basis(3, 2, [r, -r, r, r, 0, 0]);
    principalAngles(U1, U2).forEach((a) => expect(a).toBeLessThan(1e-7));
  });

  it('is π/2 for orthogonal subspaces', () => {
    const U1 = basis(4, 2, [1, 0, 0, 1, 0, 0, 0, 0]); // span{e1, e2}
    const U2 = basis(4, 2, [0, 0, 0, 0, 1, 0, 0, 1]); // span{e3, e4}
    principalAngles(U1, U2).forEach((a) => expect(Math.abs(a - Math.PI / 2)).toBeLessThan(1e-12));
  });

  it('finds 0 and a known angle θ = 0.3 rad, ascending', () => {
    const t = 0.3;
    const U1 = basis(3, 2, [1, 0, 0, 1, 0, 0]); // span{e1, e2}
    const U2 = basis(3, 2, [1, 0, 0, Math.cos(t), 0, Math.sin(t)]); // span{e1, cos t e2 + sin t e3}
    const a = principalAngles(U1, U2);
    expect(a).toHaveLength(2);
    expect(a[0]).toBeLessThan(1e-12);
    expect(Math.abs(a[1] - t)).toBeLessThan(1e-12);
  });

  it('resolves a tiny angle of 1e-6 rad to 1e-12 (where acos would lose it)', () => {
    const t = 1e-6;
    const U1 = basis(2, 1, [1, 0]);
    const U2 = basis(2, 1, [Math.cos(t), Math.sin(t)]);
    expect(Math.abs(principalAngles(U1, U2)[0] - t)).toBeLessThan(1e-12);
  });

  it('returns min(k1, k2) angles for bases of different widths, in either order', () => {
    const U1 = basis(3, 2, [1, 0, 0, 1, 0, 0]);
    const U2 = basis(3, 1, [0, 0, 1]);
    expect(principalAngles(U1, U2)).toHaveLength(1);
    expect(Math.abs(principalAngles(U2, U1)[0] - Math.PI / 2)).toBeLessThan(1e-12);
  });
});
