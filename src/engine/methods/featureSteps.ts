/**
 * The feature scatter over an unlearning run, for stepping through it in the
 * lab: at every curve probe, a fixed sample of the curve subsets' features
 * projected on one 2-D basis for the whole run, the PCA of the retain features
 * at step 0 (the Original's, which every run starts from). One basis keeps the
 * picture still where the features did not move; a PCA per step could rotate
 * or mirror the axes from one step to the next.
 */
import type { UnlearningData } from '../data/unlearningData';
import { matrix, spreadPicks, takeRows, type Matrix } from '../linalg/matrix';
import { fitPca, projectPca, type Pca } from '../linalg/pca';
import type { FeatureSteps } from '../results';

/** Points per group (forget, retain) in a snapshot: enough to see both clouds, small enough for a Results file. */
export const STEP_POINTS_PER_GROUP = 150;

/** Three decimals: far below a marker's size on screen, and a third of the JSON of full floats. */
const round = (v: number) => Math.round(v * 1000) / 1000;

export class FeatureStepRecorder {
  private basis: Pca | null = null;
  private readonly snapshots = new Map<number, number[][]>();
  /** Rows of the probe's feature matrix to keep: picks of curve.forget, then of curve.retainRef. */
  private readonly rows: Int32Array;
  private readonly view: Omit<FeatureSteps, 'steps' | 'coords'>;

  constructor(private readonly data: UnlearningData, perGroup = STEP_POINTS_PER_GROUP) {
    const { forget, retainRef } = data.curve;
    const f = spreadPicks(forget.length, perGroup);
    const r = spreadPicks(retainRef.length, perGroup);
    this.rows = Int32Array.from([...f, ...Array.from(r, (i) => forget.length + i)]);
    const y = data.dataset.train.y;
    this.view = {
      indices: [...Array.from(f, (i) => forget[i]), ...Array.from(r, (i) => retainRef[i])],
      labels: [...Array.from(f, (i) => y[forget[i]]), ...Array.from(r, (i) => y[retainRef[i]])],
      isForget: [...Array.from(f, () => true), ...Array.from(r, () => false)],
    };
  }

  /**
   * `features`: the probe's rows, curve.forget first, then curve.retainRef (as
   * probeModel reads them). The first call fixes the basis; a step recorded
   * again (the final probe after a rollback) replaces its snapshot.
   */
  record(step: number, features: Matrix): void {
    const nForget = this.data.curve.forget.length;
    if (!this.basis) {
      const retain = matrix(features.rows - nForget, features.cols, features.data.subarray(nForget * features.cols));
      // Too few points or too narrow features for a plane: no scatter over steps for this run.
      if (retain.rows < 3 || features.cols < 2) return;
      this.basis = fitPca(retain, 2);
    }
    this.snapshots.set(step, projectPca(this.basis, takeRows(features, this.rows)).map((p) => p.map(round)));
  }

  /** The recorded snapshots in step order, or undefined when none was taken. */
  result(): FeatureSteps | undefined {
    if (!this.snapshots.size) return undefined;
    const steps = [...this.snapshots.keys()].sort((a, b) => a - b);
    return { ...this.view, steps, coords: steps.map((s) => this.snapshots.get(s)!) };
  }
}
