/**
 * A binary C-SVC with an RBF kernel, trained by SMO the way libsvm trains it:
 * the attacker of the MIA-efficacy reference protocol (Unlearn-Sparse /
 * Unlearn-Saliency `SVC_MIA.py`: scikit-learn `SVC(C=3, gamma="auto",
 * kernel="rbf")`, which wraps libsvm).
 *
 * Dual problem (Fan, Chen & Lin 2005; libsvm's `Solver`):
 *   min_α ½ αᵀQα − eᵀα   s.t. 0 ≤ αᵢ ≤ C, yᵀα = 0,   Qᵢⱼ = yᵢyⱼ K(xᵢ, xⱼ),
 *   K(a, b) = exp(−γ‖a − b‖²),
 * decision f(x) = Σᵢ yᵢαᵢ K(xᵢ, x) − ρ, class +1 iff f(x) > 0.
 *
 * Each step picks the maximal violating i and, for it, the j with the largest
 * second-order decrease of the objective (WSS 2), solves the two-variable
 * subproblem in closed form and updates the gradient. It stops when the
 * maximal KKT violation m(α) − M(α) < ε (libsvm's -e, default 1e-3).
 * Shrinking drops variables that sit at a bound and look likely to stay there,
 * as libsvm does; near the end the full gradient is rebuilt and every variable
 * rejoins, so the stopping test is on all of them.
 *
 * Like libsvm, Q is stored in single precision (its `Qfloat`), the diagonal in
 * double, and ties in the working-set selection go to the later position, as
 * libsvm's `>=` / `<=` scans make them. Following the same steps makes the
 * solution agree with libsvm's to far below ε, not merely within it
 * (svc.test.ts cross-checks against libsvm compiled to asm.js).
 *
 * Cost: about n² kernel evaluations in all (each step reads two columns over
 * the active set), so ~0.2–0.4 s for 2 × 2,000 one-feature points in Node.
 *
 * Deterministic: no randomness anywhere; the result is a function of the
 * input order.
 */

export interface SvcOptions {
  /** Box constraint C (default 3: the reference's `SVC(C=3)`). */
  C?: number;
  /** K(a, b) = exp(−γ‖a − b‖²); 'auto' = 1 / dims, scikit-learn's `gamma="auto"` (default). */
  gamma?: number | 'auto';
  /** Stopping tolerance on the maximal KKT violation (libsvm's -e; scikit-learn's tol; default 1e-3). */
  tolerance?: number;
  /** libsvm's shrinking heuristic (default true, as libsvm and scikit-learn). */
  shrinking?: boolean;
  /** Safety stop (default max(10⁷, 100·n), libsvm's cap). */
  maxIterations?: number;
}

export interface SvcModel {
  dims: number;
  gamma: number;
  /** Support vectors (αᵢ > 0), [nSV × dims] row-major, in training order. */
  supportVectors: Float64Array;
  /** yᵢαᵢ of each support vector, [nSV]. */
  dualCoef: Float64Array;
  /** Their rows in the training input, [nSV]. */
  supportIndices: Int32Array;
  rho: number;
}

export interface SvcFit extends SvcModel {
  C: number;
  /** αᵢ of every training point, input order, [n], each in [0, C]. */
  alpha: Float64Array;
  /**
   * f(xᵢ) of every training point, input order, [n], read off the solver's
   * gradient (Σⱼ yⱼαⱼKᵢⱼ = yᵢ(∇ᵢf + 1)) instead of n·nSV fresh kernel
   * evaluations; its Q is single precision, so it may differ from
   * `svcDecision` by ~1e-6.
   */
  trainDecision: Float64Array;
  /** Dual objective ½αᵀQα − eᵀα at the solution. */
  objective: number;
  iterations: number;
  /** False only when `maxIterations` stopped the solver before the tolerance was met. */
  converged: boolean;
}

// libsvm's stand-in for a non-positive curvature in the two-variable step.
const TAU = 1e-12;
const LOWER = 0, UPPER = 1, FREE = 2;

/**
 * Solver state in libsvm's layout: every per-variable array is indexed by
 * *position*; shrinking swaps positions so the active variables are the prefix
 * [0, activeSize). `order[pos]` is the training row at that position.
 */
interface Solver {
  n: number;
  dims: number;
  gamma: number;
  C: number;
  eps: number;
  x: Float64Array; // [n × dims], permuted with the positions
  y: Int8Array;
  alpha: Float64Array;
  status: Uint8Array;
  G: Float64Array; // ∇f(α) = Qα − e
  Gbar: Float64Array; // C · Σ_{αⱼ = C} Q_{·j}: the part of ∇f that shrinking must not forget
  order: Int32Array;
  activeSize: number;
  unshrink: boolean;
  scratchI: Float32Array;
  scratchJ: Float32Array;
}

function kernelRows(s: Solver, a: number, b: number): number {
  const d = s.dims;
  let dist2 = 0;
  for (let k = 0; k < d; k++) {
    const t = s.x[a * d + k] - s.x[b * d + k];
    dist2 += t * t;
  }
  return Math.exp(-s.gamma * dist2);
}

/**
 * Q_{pos, ·} over positions [from, to), single precision like libsvm's Qfloat,
 * written into `out` at the same positions. Computed on every call, no
 * cache: for the attacker's single feature an RBF entry is one subtraction and
 * one exp, not much more than a cache lookup and a gather through the
 * position permutation (a 32 MiB LRU column cache, tried, was faster on some
 * fits and slower on others), and a step needs only the active positions.
 */
function columnQ(s: Solver, pos: number, from: number, to: number, out: Float32Array): Float32Array {
  const yi = s.y[pos], g = s.gamma, x = s.x, y = s.y;
  if (s.dims === 1) {
    // The MIA attacker's case: the kernel inlined, no inner loop.
    const xi = x[pos];
    for (let p = from; p < to; p++) {
      const t = xi - x[p];
      out[p] = yi * y[p] * Math.exp(-g * t * t);
    }
    return out;
  }
  for (let p = from; p < to; p++) out[p] = yi * y[p] * kernelRows(s, pos, p);
  return out;
}

function updateStatus(s: Solver, i: number): void {
  const a = s.alpha[i];
  s.status[i] = a >= s.C ? UPPER : a <= 0 ? LOWER : FREE;
}

function swapPositions(s: Solver, i: number, j: number): void {
  const d = s.dims;
  for (let k = 0; k < d; k++) {
    const t = s.x[i * d + k]; s.x[i * d + k] = s.x[j * d + k]; s.x[j * d + k] = t;
  }
  let t8 = s.y[i]; s.y[i] = s.y[j]; s.y[j] = t8;
  t8 = s.status[i]; s.status[i] = s.status[j]; s.status[j] = t8;
  let t = s.alpha[i]; s.alpha[i] = s.alpha[j]; s.alpha[j] = t;
  t = s.G[i]; s.G[i] = s.G[j]; s.G[j] = t;
  t = s.Gbar[i]; s.Gbar[i] = s.Gbar[j]; s.Gbar[j] = t;
  const o = s.order[i]; s.order[i] = s.order[j]; s.order[j] = o;
}

/**
 * WSS 2 (Fan et al. 2005): i maximises −yᵢ∇ᵢf over I_up, j minimises the
 * second-order objective decrease −(m − (−yⱼ∇ⱼf))² / (Kᵢᵢ + Kⱼⱼ − 2Kᵢⱼ) over
 * I_low. Returns null when m(α) − M(α) < ε (optimal within tolerance); else
 * the pair and Q_{i,·} over the active positions.
 */
function selectWorkingSet(s: Solver): { i: number; j: number; Qi: Float32Array } | null {
  const { y, G, status, activeSize } = s;
  let Gmax = -Infinity, Gmax2 = -Infinity, iBest = -1, jBest = -1, objDiffMin = Infinity;
  for (let t = 0; t < activeSize; t++) {
    if (y[t] === 1) {
      if (status[t] !== UPPER && -G[t] >= Gmax) { Gmax = -G[t]; iBest = t; }
    } else if (status[t] !== LOWER && G[t] >= Gmax) { Gmax = G[t]; iBest = t; }
  }
  if (iBest === -1) return null;
  const i = iBest;
  const Qi = columnQ(s, i, 0, activeSize, s.scratchI);
  const yi = y[i];
  for (let t = 0; t < activeSize; t++) {
    let gradDiff: number, quad: number;
    if (y[t] === 1) {
      if (status[t] === LOWER) continue;
      if (G[t] >= Gmax2) Gmax2 = G[t];
      gradDiff = Gmax + G[t];
      quad = 2 - 2 * yi * Qi[t]; // Kᵢᵢ = Kₜₜ = 1 for the RBF kernel
    } else {
      if (status[t] === UPPER) continue;
      if (-G[t] >= Gmax2) Gmax2 = -G[t];
      gradDiff = Gmax - G[t];
      quad = 2 + 2 * yi * Qi[t];
    }
    if (gradDiff > 0) {
      const objDiff = -(gradDiff * gradDiff) / (quad > 0 ? quad : TAU);
      if (objDiff <= objDiffMin) { jBest = t; objDiffMin = objDiff; }
    }
  }
  if (Gmax + Gmax2 < s.eps || jBest === -1) return null;
  return { i, j: jBest, Qi };
}

/** The two-variable subproblem in closed form, clipped to the box [0, C]² along yᵢαᵢ + yⱼαⱼ = const. */
function updatePair(s: Solver, i: number, j: number, Qi: Float32Array, Qj: Float32Array): void {
  const { alpha, G, y, C } = s;
  const ai = alpha[i], aj = alpha[j];
  if (y[i] !== y[j]) {
    let quad = 2 + 2 * Qi[j];
    if (quad <= 0) quad = TAU;
    const delta = (-G[i] - G[j]) / quad;
    const diff = ai - aj;
    alpha[i] += delta; alpha[j] += delta;
    if (diff > 0) { if (alpha[j] < 0) { alpha[j] = 0; alpha[i] = diff; } }
    else if (alpha[i] < 0) { alpha[i] = 0; alpha[j] = -diff; }
    // One C for both classes (no class weights), so libsvm's "diff > C_i − C_j" is "diff > 0".
    if (diff > 0) { if (alpha[i] > C) { alpha[i] = C; alpha[j] = C - diff; } }
    else if (alpha[j] > C) { alpha[j] = C; alpha[i] = C + diff; }
  } else {
    let quad = 2 - 2 * Qi[j];
    if (quad <= 0) quad = TAU;
    const delta = (G[i] - G[j]) / quad;
    const sum = ai + aj;
    alpha[i] -= delta; alpha[j] += delta;
    if (sum > C) { if (alpha[i] > C) { alpha[i] = C; alpha[j] = sum - C; } }
    else if (alpha[j] < 0) { alpha[j] = 0; alpha[i] = sum; }
    if (sum > C) { if (alpha[j] > C) { alpha[j] = C; alpha[i] = sum - C; } }
    else if (alpha[i] < 0) { alpha[i] = 0; alpha[j] = sum; }
  }
  const dai = alpha[i] - ai, daj = alpha[j] - aj;
  for (let k = 0; k < s.activeSize; k++) G[k] += Qi[k] * dai + Qj[k] * daj;

  // Ḡ tracks the variables at the upper bound over *all* positions, shrunk or not.
  const wasUpperI = s.status[i] === UPPER, wasUpperJ = s.status[j] === UPPER;
  updateStatus(s, i);
  updateStatus(s, j);
  if (wasUpperI !== (s.status[i] === UPPER)) addToGbar(s, i, wasUpperI ? -C : C, Qi);
  if (wasUpperJ !== (s.status[j] === UPPER)) addToGbar(s, j, wasUpperJ ? -C : C, Qj);
}

/** Ḡ += c · Q_{pos,·} over all positions; `Q` already holds the active prefix, the shrunk tail is computed. */
function addToGbar(s: Solver, pos: number, c: number, Q: Float32Array): void {
  columnQ(s, pos, s.activeSize, s.n, Q);
  for (let k = 0; k < s.n; k++) s.Gbar[k] += c * Q[k];
}

/** ∇f of the shrunk variables from Ḡ plus the free variables' contribution (libsvm's reconstruct_gradient). */
function reconstructGradient(s: Solver): void {
  const { n, activeSize, G, Gbar, alpha, status } = s;
  if (activeSize === n) return;
  for (let j = activeSize; j < n; j++) G[j] = Gbar[j] - 1;
  for (let i = 0; i < activeSize; i++) {
    if (status[i] !== FREE) continue;
    const Q = columnQ(s, i, activeSize, n, s.scratchI);
    const a = alpha[i];
    for (let j = activeSize; j < n; j++) G[j] += a * Q[j];
  }
}

function beShrunk(s: Solver, i: number, Gmax1: number, Gmax2: number): boolean {
  const st = s.status[i], g = s.G[i];
  if (st === UPPER) return s.y[i] === 1 ? -g > Gmax1 : -g > Gmax2;
  if (st === LOWER) return s.y[i] === 1 ? g > Gmax2 : g > Gmax1;
  return false;
}

/**
 * Moves to the end the bounded variables whose gradient says they will stay
 * bounded. The first time the violation drops below 10ε the full gradient is
 * rebuilt and everything rejoins once, so a wrongly shrunk variable gets back.
 */
function doShrinking(s: Solver): void {
  const { y, G, status } = s;
  let Gmax1 = -Infinity, Gmax2 = -Infinity;
  for (let i = 0; i < s.activeSize; i++) {
    if (y[i] === 1) {
      if (status[i] !== UPPER && -G[i] >= Gmax1) Gmax1 = -G[i];
      if (status[i] !== LOWER && G[i] >= Gmax2) Gmax2 = G[i];
    } else {
      if (status[i] !== UPPER && -G[i] >= Gmax2) Gmax2 = -G[i];
      if (status[i] !== LOWER && G[i] >= Gmax1) Gmax1 = G[i];
    }
  }
  if (!s.unshrink && Gmax1 + Gmax2 <= s.eps * 10) {
    s.unshrink = true;
    reconstructGradient(s);
    s.activeSize = s.n;
  }
  for (let i = 0; i < s.activeSize; i++) {
    if (!beShrunk(s, i, Gmax1, Gmax2)) continue;
    s.activeSize--;
    while (s.activeSize > i) {
      if (!beShrunk(s, s.activeSize, Gmax1, Gmax2)) { swapPositions(s, i, s.activeSize); break; }
      s.activeSize--;
    }
  }
}

/** ρ: the mean of yᵢ∇ᵢf over free variables, or the middle of the feasible interval when none is free. */
function calculateRho(s: Solver): number {
  let ub = Infinity, lb = -Infinity, sumFree = 0, nFree = 0;
  for (let i = 0; i < s.activeSize; i++) {
    const yG = s.y[i] * s.G[i];
    if (s.status[i] === UPPER) {
      if (s.y[i] === -1) ub = Math.min(ub, yG); else lb = Math.max(lb, yG);
    } else if (s.status[i] === LOWER) {
      if (s.y[i] === 1) ub = Math.min(ub, yG); else lb = Math.max(lb, yG);
    } else { nFree++; sumFree += yG; }
  }
  return nFree > 0 ? sumFree / nFree : (ub + lb) / 2;
}

/**
 * Fits the C-SVC. `x`: [n × dims] row-major; `y`: [n], each +1 or −1.
 * Throws when a class is missing (there is nothing to separate).
 */
export function fitSvc(x: ArrayLike<number>, dims: number, y: ArrayLike<number>, opts: SvcOptions = {}): SvcFit {
  const n = y.length;
  if (!(dims >= 1) || x.length !== n * dims) throw new RangeError(`fitSvc: x has ${x.length} values, expected ${n} × ${dims}`);
  let pos = 0, neg = 0;
  for (let i = 0; i < n; i++) {
    if (y[i] === 1) pos++; else if (y[i] === -1) neg++;
    else throw new RangeError(`fitSvc: labels must be +1 or −1, got ${y[i]} at ${i}`);
  }
  if (pos === 0 || neg === 0) throw new RangeError('fitSvc: both classes need at least one sample');
  const C = opts.C ?? 3;
  const gamma = opts.gamma === undefined || opts.gamma === 'auto' ? 1 / dims : opts.gamma;
  const s: Solver = {
    n, dims, gamma, C, eps: opts.tolerance ?? 1e-3,
    x: Float64Array.from(x),
    y: Int8Array.from(y),
    alpha: new Float64Array(n),
    status: new Uint8Array(n).fill(LOWER),
    G: new Float64Array(n).fill(-1), // α = 0: ∇f = −e
    Gbar: new Float64Array(n),
    order: Int32Array.from({ length: n }, (_, i) => i),
    activeSize: n,
    unshrink: false,
    scratchI: new Float32Array(n),
    scratchJ: new Float32Array(n),
  };
  const shrinking = opts.shrinking ?? true;
  const maxIterations = opts.maxIterations ?? Math.max(10_000_000, 100 * n);

  let iterations = 0;
  let counter = Math.min(n, 1000) + 1;
  while (iterations < maxIterations) {
    if (--counter === 0) {
      counter = Math.min(n, 1000);
      if (shrinking) doShrinking(s);
    }
    let ws = selectWorkingSet(s);
    if (!ws) {
      // Optimal on the active set: rebuild the whole gradient and check every variable.
      reconstructGradient(s);
      s.activeSize = n;
      ws = selectWorkingSet(s);
      if (!ws) break;
      counter = 1; // shrink again at the next step
    }
    iterations++;
    const Qj = columnQ(s, ws.j, 0, s.activeSize, s.scratchJ);
    updatePair(s, ws.i, ws.j, ws.Qi, Qj);
  }
  const converged = iterations < maxIterations;
  if (!converged && s.activeSize < n) {
    reconstructGradient(s);
    s.activeSize = n;
  }
  const rho = calculateRho(s);

  let obj = 0;
  for (let p = 0; p < n; p++) obj += s.alpha[p] * (s.G[p] - 1);
  const alpha = new Float64Array(n);
  const trainDecision = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    alpha[s.order[p]] = s.alpha[p];
    trainDecision[s.order[p]] = s.y[p] * (s.G[p] + 1) - rho;
  }

  const sv: number[] = [];
  for (let i = 0; i < n; i++) if (alpha[i] > 0) sv.push(i);
  const supportIndices = Int32Array.from(sv);
  const supportVectors = new Float64Array(sv.length * dims);
  sv.forEach((row, k) => { for (let d = 0; d < dims; d++) supportVectors[k * dims + d] = x[row * dims + d]; });
  const dualCoef = Float64Array.from(sv, (row) => y[row] * alpha[row]);
  return { dims, gamma, C, supportVectors, dualCoef, supportIndices, rho, alpha, trainDecision, objective: obj / 2, iterations, converged };
}

/** f(x) = Σ yᵢαᵢ K(svᵢ, x) − ρ for each row of `x` ([m × dims] row-major); returns [m]. */
export function svcDecision(model: SvcModel, x: ArrayLike<number>): Float64Array {
  const { dims, gamma, supportVectors: sv, dualCoef } = model;
  const m = Math.floor(x.length / dims);
  const out = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    let f = 0;
    for (let k = 0; k < dualCoef.length; k++) {
      let dist2 = 0;
      for (let d = 0; d < dims; d++) {
        const t = x[r * dims + d] - sv[k * dims + d];
        dist2 += t * t;
      }
      f += dualCoef[k] * Math.exp(-gamma * dist2);
    }
    out[r] = f - model.rho;
  }
  return out;
}

/** Class of each row: +1 iff f(x) > 0 (libsvm's rule: a tie goes to −1). Returns [m]. */
export function svcPredict(model: SvcModel, x: ArrayLike<number>): Int8Array {
  return Int8Array.from(svcDecision(model, x), (f) => (f > 0 ? 1 : -1));
}
