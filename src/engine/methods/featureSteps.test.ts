import { describe, expect, it } from 'vitest';
import type { UnlearningData } from '../data/unlearningData';
import { matrix } from '../linalg/matrix';
import { FeatureStepRecorder } from './featureSteps';

/** Only what the recorder reads: the curve subsets and the training labels. */
function fakeData(forget: number[], retainRef: number[], labels: number[]): UnlearningData {
  return {
    curve: { forget: Int32Array.from(forget), retainRef: Int32Array.from(retainRef), test: new Int32Array(0) },
    dataset: { train: { y: Int32Array.from(labels) } },
  } as unknown as UnlearningData;
}

/** Rows of 3 features: the forget rows first, then the retain rows (as a probe reads them). */
function features(rows: number[][]) {
  return matrix(rows.length, 3, Float32Array.from(rows.flat()));
}

// Retain rows spread widely along e1 and less along e2, with mean (1, 2, 0): the PCA axes are +e1 and +e2.
const RETAIN = [[-3, 2, 0], [5, 2, 0], [1, 0, 0], [1, 4, 0], [1, 2, 0]];

describe('FeatureStepRecorder', () => {
  it('projects every step on the step-0 retain PCA: a move out of that plane does not show, a move along PC1 does', () => {
    const data = fakeData([7, 9], [0, 1, 2, 3, 4], [0, 0, 0, 1, 1, 2, 2, 3, 3, 3]);
    const rec = new FeatureStepRecorder(data);
    rec.record(0, features([[2, 3, 0], [0, 2, 0], ...RETAIN]));
    // Step 10: forget row 0 moves by 5 along e3 (off the plane), forget row 1 by 2 along e1; the retain rows stay.
    rec.record(10, features([[2, 3, 5], [2, 2, 0], ...RETAIN]));
    const r = rec.result()!;
    expect(r.steps).toEqual([0, 10]);
    expect(r.indices).toEqual([7, 9, 0, 1, 2, 3, 4]);
    expect(r.labels).toEqual([3, 3, 0, 0, 0, 1, 1]);
    expect(r.isForget).toEqual([true, true, false, false, false, false, false]);
    // Coordinates: (x − 1, y − 2) in the (e1, e2) basis.
    expect(r.coords[0].slice(0, 2)).toEqual([[1, 1], [-1, 0]]);
    expect(r.coords[1].slice(0, 2)).toEqual([[1, 1], [1, 0]]);
    expect(r.coords[1].slice(2)).toEqual([[-4, 0], [4, 0], [0, -2], [0, 2], [0, 0]]);
  });

  it('keeps at most `perGroup` evenly spaced points of each group, and a step recorded again replaces its snapshot', () => {
    const forget = Array.from({ length: 10 }, (_, i) => 100 + i);
    const data = fakeData(forget, [0, 1, 2, 3, 4], Array.from({ length: 110 }, (_, i) => i % 10));
    const rec = new FeatureStepRecorder(data, 4);
    const rows = [...forget.map((_, i) => [i, 0, 0]), ...RETAIN];
    rec.record(3, features(rows));
    rec.record(3, features(rows.map((row, i) => (i === 0 ? [row[0], row[1] + 1, 0] : row))));
    const r = rec.result()!;
    expect(r.indices).toEqual([100, 102, 105, 107, 0, 1, 2, 3]);
    expect(r.steps).toEqual([3]);
    expect(r.coords[0][0]).toEqual([-1, -1]); // the second recording of step 3: (0 − 1, 1 − 2)
  });

  it('features narrower than a plane, or no probe at all: no snapshots', () => {
    const data = fakeData([5], [0, 1, 2], [0, 1, 0, 1, 0, 1]);
    expect(new FeatureStepRecorder(data).result()).toBeUndefined();
    const narrow = new FeatureStepRecorder(data);
    narrow.record(0, matrix(4, 1, Float32Array.from([1, 2, 3, 4])));
    expect(narrow.result()).toBeUndefined();
  });
});
