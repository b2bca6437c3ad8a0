import { describe, expect, it } from 'vitest';
import { loadImageSet } from './imageSets';

describe('embedded image sets', () => {
  it('MNIST: fixed 8,000 / 2,000 split, 28×28 bytes, labels 0..9, every class present', async () => {
    const ds = await loadImageSet('mnist', {});
    expect(ds.train.n).toBe(8000);
    expect(ds.test.n).toBe(2000);
    expect(ds.inputShape).toEqual([28, 28, 1]);
    expect(ds.train.x).toBeInstanceOf(Uint8Array);
    expect(ds.train.x.length).toBe(8000 * 784);
    const seen = new Set(ds.train.y);
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const y of ds.test.y) expect(y >= 0 && y < 10).toBe(true);
  });

  it('the split does not depend on anything but the data: two loads agree', async () => {
    const a = await loadImageSet('mnist', {});
    const b = await loadImageSet('mnist', { trainSize: 100 });
    expect(Array.from(b.train.y)).toEqual(Array.from(a.train.y.subarray(0, 100)));
  });

  it('Fashion-MNIST: 60,002 / 10,000, compact bytes (≤ 60 MB)', async () => {
    const ds = await loadImageSet('fashion-mnist', {});
    expect(ds.train.n).toBe(60002);
    expect(ds.test.n).toBe(10000);
    expect(ds.train.x.byteLength + ds.test.x.byteLength).toBeLessThanOrEqual(60e6);
    expect(ds.classNames[7]).toBe('Sneaker');
  });

  it('rejects a bad size option naming it', async () => {
    await expect(loadImageSet('mnist', { trainSize: 5 })).rejects.toThrow(/dataset.options.trainSize/);
    await expect(loadImageSet('mnist', { size: 5 })).rejects.toThrow(/unknown option/);
  });
});
