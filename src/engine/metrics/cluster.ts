/**
 * Clustering of features (docs/metrics.md): k-means with k = number of classes on
 * the forget samples together with the retain reference, then how well the
 * clusters match the true labels — NMI and the pairwise F-measure. The
 * question is "do the forgotten samples still form their own cluster?": high
 * values = the features still group the forget samples by their class, apart
 * from the retained classes.
 */
import { takeRows, type Matrix } from '../linalg/matrix';
import { createRng, type Rng } from '../random';
import type { ClusterInfo } from '../results';

export interface KMeansOptions {
  /** Independent k-means++ starts; the lowest inertia wins (default 5). */
  restarts?: number;
  /** Lloyd iterations per start, stopping earlier once assignments settle (default 100). */
  maxIterations?: number;
}

export interface KMeansResult {
  /** Cluster of each row, in [0, k). */
  assignments: Int32Array;
  /** k × C row-major. */
  centroids: Float64Array;
  /** Sum of squared distances to the assigned centroid. */
  inertia: number;
}

function sqDist(x: Float32Array, o: number, c: Float64Array, co: number, C: number): number {
  let s = 0;
  for (let j = 0; j < C; j++) { const d = x[o + j] - c[co + j]; s += d * d; }
  return s;
}

/** k-means++: first centre uniform, each next one drawn ∝ squared distance to the nearest chosen centre. */
function kMeansPlusPlus(X: Matrix, k: number, rng: Rng): Float64Array {
  const { rows: n, cols: C, data } = X;
  const centroids = new Float64Array(k * C);
  const nearest = new Float64Array(n).fill(Infinity);
  let pick = rng.int(n);
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < C; j++) centroids[c * C + j] = data[pick * C + j];
    if (c === k - 1) break;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const d = sqDist(data, i * C, centroids, c * C, C);
      if (d < nearest[i]) nearest[i] = d;
      total += nearest[i];
    }
    if (!(total > 0)) { pick = rng.int(n); continue; } // all points coincide with a centre
    let u = rng.next() * total;
    pick = n - 1;
    for (let i = 0; i < n; i++) { u -= nearest[i]; if (u < 0) { pick = i; break; } }
  }
  return centroids;
}

function lloyd(X: Matrix, centroids: Float64Array, k: number, maxIterations: number): KMeansResult {
  const { rows: n, cols: C, data } = X;
  const assignments = new Int32Array(n).fill(-1);
  const dist = new Float64Array(n);
  const counts = new Int32Array(k);
  for (let it = 0; it < maxIterations; it++) {
    let changed = false;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestD = Infinity;
      for (let c = 0; c < k; c++) {
        const d = sqDist(data, i * C, centroids, c * C, C);
        if (d < bestD) { bestD = d; best = c; } // ties → lowest cluster index
      }
      dist[i] = bestD;
      if (assignments[i] !== best) { assignments[i] = best; changed = true; }
    }
    if (!changed) break;
    centroids.fill(0);
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const c = assignments[i];
      counts[c]++;
      for (let j = 0; j < C; j++) centroids[c * C + j] += data[i * C + j];
    }
    for (let c = 0; c < k; c++) {
      if (counts[c] > 0) {
        for (let j = 0; j < C; j++) centroids[c * C + j] /= counts[c];
      } else {
        // An empty cluster restarts at the point worst served by its centroid.
        let far = 0;
        for (let i = 1; i < n; i++) if (dist[i] > dist[far]) far = i;
        for (let j = 0; j < C; j++) centroids[c * C + j] = data[far * C + j];
        dist[far] = 0;
      }
    }
  }
  let inertia = 0;
  for (let i = 0; i < n; i++) inertia += sqDist(data, i * C, centroids, assignments[i] * C, C);
  return { assignments, centroids, inertia };
}

/** Seeded k-means on X (n × C), k clamped to n. Deterministic for a given rng state. */
export function kMeans(X: Matrix, k: number, rng: Rng, opts: KMeansOptions = {}): KMeansResult {
  const n = X.rows;
  if (n === 0) return { assignments: new Int32Array(0), centroids: new Float64Array(0), inertia: 0 };
  const kk = Math.max(1, Math.min(k, n));
  const restarts = Math.max(1, opts.restarts ?? 5);
  let best: KMeansResult | null = null;
  for (let r = 0; r < restarts; r++) {
    const result = lloyd(X, kMeansPlusPlus(X, kk, rng), kk, opts.maxIterations ?? 100);
    if (best === null || result.inertia < best.inertia) best = result;
  }
  return best!;
}

/** Contingency counts of two labelings (arbitrary integer values) and their marginals. */
function contingency(a: ArrayLike<number>, b: ArrayLike<number>) {
  if (a.length !== b.length) throw new RangeError(`clustering: ${a.length} labels vs ${b.length} assignments`);
  const ia = new Map<number, number>();
  const ib = new Map<number, number>();
  const cells = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    if (!ia.has(a[i])) ia.set(a[i], ia.size);
    if (!ib.has(b[i])) ib.set(b[i], ib.size);
  }
  const rows = new Float64Array(ia.size);
  const cols = new Float64Array(ib.size);
  for (let i = 0; i < a.length; i++) {
    const r = ia.get(a[i])!;
    const c = ib.get(b[i])!;
    rows[r]++;
    cols[c]++;
    const key = r * ib.size + c;
    cells.set(key, (cells.get(key) ?? 0) + 1);
  }
  return { n: a.length, rows, cols, cells: Array.from(cells, ([key, count]) => ({ r: Math.floor(key / ib.size), c: key % ib.size, count })) };
}

function entropy(counts: Float64Array, n: number): number {
  let h = 0;
  for (const m of counts) if (m > 0) h -= (m / n) * Math.log(m / n);
  return h;
}

/**
 * NMI = 2·I(Y;C) / (H(Y) + H(C)) (natural log; the base cancels).
 * Degenerate cases: both partitions a single group → 1 (they agree);
 * exactly one a single group → I = 0 → 0. Empty input → NaN.
 */
export function nmi(labels: ArrayLike<number>, clusters: ArrayLike<number>): number {
  const t = contingency(labels, clusters);
  if (t.n === 0) return NaN;
  const hY = entropy(t.rows, t.n);
  const hC = entropy(t.cols, t.n);
  if (hY + hC === 0) return 1;
  let I = 0;
  for (const { r, c, count } of t.cells) I += (count / t.n) * Math.log((t.n * count) / (t.rows[r] * t.cols[c]));
  return Math.min(1, Math.max(0, (2 * I) / (hY + hC)));
}

const pairs = (m: number) => (m * (m - 1)) / 2;

/**
 * Pairwise F-measure: precision = same-cluster pairs sharing a label /
 * same-cluster pairs; recall = same-label pairs in the same cluster /
 * same-label pairs; F1 = 2PR / (P + R). Pairs are counted from the
 * contingency table (Σ C(n_ij, 2)), not by visiting O(n²) pairs.
 * A ratio with no pairs to count (0/0) is 1 — nothing was got wrong — so
 * identical partitions always give F1 = 1. Empty input → NaN.
 */
export function pairwiseF1(labels: ArrayLike<number>, clusters: ArrayLike<number>): number {
  const t = contingency(labels, clusters);
  if (t.n === 0) return NaN;
  let tp = 0;
  for (const { count } of t.cells) tp += pairs(count);
  let sameCluster = 0;
  for (const m of t.cols) sameCluster += pairs(m);
  let sameLabel = 0;
  for (const m of t.rows) sameLabel += pairs(m);
  const precision = sameCluster > 0 ? tp / sameCluster : 1;
  const recall = sameLabel > 0 ? tp / sameLabel : 1;
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

export interface ClusterOptions extends KMeansOptions {
  /** Number of clusters: the number of classes (docs/metrics.md). */
  k: number;
  seed: number;
}

export interface ClusterResult {
  NMI: number;
  F1: number;
  info: ClusterInfo;
  assignments: Int32Array;
}

/** k-means on the features X (n × C) against their true labels. */
export function clusterMetrics(Xf: Matrix, labels: ArrayLike<number>, opts: ClusterOptions): ClusterResult {
  if (labels.length !== Xf.rows) throw new RangeError(`clustering: ${Xf.rows} feature rows for ${labels.length} labels`);
  const restarts = Math.max(1, opts.restarts ?? 5);
  const rng = createRng(opts.seed).fork('k-means');
  const { assignments } = kMeans(Xf, opts.k, rng, { ...opts, restarts });
  return {
    NMI: nmi(labels, assignments),
    F1: pairwiseF1(labels, assignments),
    info: { k: opts.k, seed: opts.seed, restarts },
    assignments,
  };
}

/**
 * Which forget rows join the retain reference: as many per forget label as the
 * retain reference holds per label on average, i.e.
 * n_f = min(|D_f|, round(|R| / #labels(R) · #labels(D_f))), drawn without
 * replacement by `rng` (sorted positions into the forget rows).
 * Why balance: clustering all of a one-class D_f (800 MNIST samples) with a
 * 1,000-sample retain reference (≈ 110 per class) lets k-means spend several
 * of its k clusters on the big blob and merge small classes, whatever the
 * model. Class-wise: n_f ≈ |R| / (K − 1); random forgetting: all of D_f
 * (its labels are every class); sub-class: about one class's share.
 */
export function forgetClusterPicks(forgetLabels: ArrayLike<number>, retainLabels: ArrayLike<number>, rng: Rng): Int32Array {
  const n = forgetLabels.length;
  const retainClasses = new Set(Array.from(retainLabels)).size;
  const forgetClasses = new Set(Array.from(forgetLabels)).size;
  const want = retainClasses > 0 ? Math.round((retainLabels.length / retainClasses) * forgetClasses) : n;
  const k = Math.max(0, Math.min(n, want));
  return k === n ? Int32Array.from({ length: n }, (_, i) => i) : rng.sample(n, k).sort();
}

/**
 * NMI / F1 on D_f ∪ R: k-means on the features of a seeded forget sample
 * (`forgetClusterPicks`) stacked on the whole retain reference R, scored over
 * all those rows against their true labels. Unlike D_f alone (class-wise: one
 * label, NMI = 0 for every model, the Original included), this asks whether
 * the forget samples still sit in a cluster of their own, apart from the
 * retained classes. Xf: n_f × C forget features; Xr: n_r × C retain reference features.
 */
export function forgetRetainClusterMetrics(
  Xf: Matrix, forgetLabels: ArrayLike<number>, Xr: Matrix, retainLabels: ArrayLike<number>, opts: ClusterOptions,
): ClusterResult {
  if (forgetLabels.length !== Xf.rows || retainLabels.length !== Xr.rows) {
    throw new RangeError(`clustering: ${Xf.rows} + ${Xr.rows} feature rows for ${forgetLabels.length} + ${retainLabels.length} labels`);
  }
  const picks = forgetClusterPicks(forgetLabels, retainLabels, createRng(opts.seed).fork('cluster/forget-sample'));
  const Xp = takeRows(Xf, picks);
  const data = new Float32Array((Xp.rows + Xr.rows) * Xf.cols);
  data.set(Xp.data);
  data.set(Xr.data, Xp.data.length);
  const labels = Int32Array.from([...Array.from(picks, (i) => forgetLabels[i]), ...Array.from(retainLabels)]);
  const r = clusterMetrics({ rows: Xp.rows + Xr.rows, cols: Xf.cols, data }, labels, opts);
  return {
    ...r,
    info: {
      ...r.info, forgetSize: Xp.rows, retainSize: Xr.rows,
      protocol: 'k-means on a seeded forget sample (per forget label, as many as the retain reference holds per label) ∪ the retain reference, scored against the true labels of all those samples',
    },
  };
}
