/**
 * Output-level basics: predictions, accuracy, the probability of the true
 * label (the MIA feature) and per-sample cross-entropy (the loss-MIA and
 * relearn feature). Probabilities arrive as a row-major n × K Float32Array.
 */

/** Index of the largest entry of each row of probs (n × K) → n labels; ties go to the lowest index. */
export function argmaxRows(probs: ArrayLike<number>, numClasses: number): Int32Array {
  const n = rowCount(probs, numClasses);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const o = i * numClasses;
    let best = 0;
    for (let c = 1; c < numClasses; c++) if (probs[o + c] > probs[o + best]) best = c;
    out[i] = best;
  }
  return out;
}

/** Share of predictions equal to labels. NaN for an empty set: accuracy is undefined there, and the caller decides what to report. */
export function accuracy(predictions: ArrayLike<number>, labels: ArrayLike<number>): number {
  if (predictions.length !== labels.length) {
    throw new RangeError(`accuracy: ${predictions.length} predictions for ${labels.length} labels`);
  }
  if (labels.length === 0) return NaN;
  let hits = 0;
  for (let i = 0; i < labels.length; i++) if (predictions[i] === labels[i]) hits++;
  return hits / labels.length;
}

/** accuracy(argmax(probs), labels); probs: n × K. */
export function accuracyFromProbs(probs: ArrayLike<number>, numClasses: number, labels: ArrayLike<number>): number {
  return accuracy(argmaxRows(probs, numClasses), labels);
}

/** p(y_i | x_i): the probability each sample gives its true label; probs: n × K → n. */
export function truthProbabilities(probs: ArrayLike<number>, numClasses: number, labels: ArrayLike<number>): Float32Array {
  const n = rowCount(probs, numClasses);
  if (labels.length !== n) throw new RangeError(`truthProbabilities: ${n} rows for ${labels.length} labels`);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const y = labels[i];
    if (!(y >= 0 && y < numClasses)) throw new RangeError(`truthProbabilities: label ${y} at ${i} outside 0..${numClasses - 1}`);
    out[i] = probs[i * numClasses + y];
  }
  return out;
}

/**
 * Probabilities are floored here before the log: a float32 softmax rounds
 * confident mistakes to exactly 0, and one −log 0 = ∞ would swamp every mean.
 * −log(1e-12) ≈ 27.6 nats is the largest loss reported.
 */
export const PROBABILITY_FLOOR = 1e-12;

/** −log p(y_i | x_i) per sample; probs: n × K → n. */
export function crossEntropyFromProbs(probs: ArrayLike<number>, numClasses: number, labels: ArrayLike<number>): Float32Array {
  const p = truthProbabilities(probs, numClasses, labels);
  return p.map((v) => -Math.log(Math.max(v, PROBABILITY_FLOOR)));
}

function rowCount(probs: ArrayLike<number>, numClasses: number): number {
  if (!(Number.isInteger(numClasses) && numClasses >= 1)) throw new RangeError(`numClasses must be an integer ≥ 1, got ${numClasses}`);
  if (probs.length % numClasses !== 0) throw new RangeError(`${probs.length} probabilities are not rows of ${numClasses}`);
  return probs.length / numClasses;
}
