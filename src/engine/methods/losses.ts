/**
 * Loss terms shared by unlearning methods. Shapes: logits [b, K], labels [b] int32.
 */
import * as tf from '@tensorflow/tfjs';
export { crossEntropy } from '../train';

/**
 * T² · KL(softmax(teacher/T) ‖ softmax(student/T)), mean over the batch —
 * the distillation loss of MUDA's recover step and of SCRUB / Bad Teacher.
 * The T² factor keeps gradient magnitudes comparable across temperatures.
 */
export function distillationKL(teacherLogits: tf.Tensor2D, studentLogits: tf.Tensor2D, temperature: number): tf.Scalar {
  return tf.tidy(() => {
    const pT = tf.softmax(tf.div(teacherLogits, temperature));
    const logPT = tf.logSoftmax(tf.div(teacherLogits, temperature));
    const logPS = tf.logSoftmax(tf.div(studentLogits, temperature));
    const kl = tf.sum(tf.mul(pT, tf.sub(logPT, logPS)), 1).mean();
    return tf.mul(kl, temperature * temperature) as tf.Scalar;
  });
}

/** A label ≠ y drawn uniformly from the other K − 1 classes, per sample (RL; y′ never equals y). */
export function randomOtherLabels(labels: Int32Array, numClasses: number, next: () => number): Int32Array {
  return Int32Array.from(labels, (y) => {
    const r = Math.floor(next() * (numClasses - 1));
    return r >= y ? r + 1 : r;
  });
}
