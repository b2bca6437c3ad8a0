/**
 * The frozen Original's logits, computed once for the training samples a
 * method distils on. SCRUB and MUDA's self-distillation compare the student
 * with a teacher that never changes, so a teacher forward pass at every step
 * repeated the same work (a quarter of an MLP step's arithmetic: one forward
 * pass beside the student's forward and backward). The rows are the same
 * numbers a per-batch forward pass gives, up to float32 summation order.
 */
import * as tf from '@tensorflow/tfjs';
import { INFERENCE_ROWS, mapChunks, type Batch } from '../batching';
import type { Dataset } from '../data/dataset';
import type { Model } from '../models/model';

export class TeacherLogits {
  private constructor(
    private readonly all: tf.Tensor2D,
    /** Training index → row of `all`, −1 where not computed. */
    private readonly rowOf: Int32Array,
  ) {}

  /** The logits of `teacher` for the training samples `indices`. */
  static async of(teacher: Model, ds: Dataset, indices: Int32Array): Promise<TeacherLogits> {
    const z = await mapChunks(ds, ds.train, indices, INFERENCE_ROWS, (x) => tf.tidy(() => teacher.logits(x)));
    const rowOf = new Int32Array(ds.train.n).fill(-1);
    indices.forEach((idx, r) => { rowOf[idx] = r; });
    return new TeacherLogits(tf.tensor2d(z.data, [z.rows, z.cols]), rowOf);
  }

  /** The teacher's logits for a batch of training samples, [b, classes]. */
  logitsOf(b: Batch): tf.Tensor2D {
    const rows = Int32Array.from(b.indices, (idx) => {
      const r = this.rowOf[idx];
      if (r < 0) throw new RangeError(`TeacherLogits: training sample ${idx} was not computed`);
      return r;
    });
    return tf.tidy(() => tf.gather(this.all, tf.tensor1d(rows, 'int32')));
  }

  dispose(): void {
    this.all.dispose();
  }
}
