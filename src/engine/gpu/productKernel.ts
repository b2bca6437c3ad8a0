/**
 * The matrix-product templates every fused layer kernel uses. Operands are
 * read, and the result written, by WGSL snippets — so a bias row, a ReLU mask,
 * an im2col view of an image or a max-pool's routing of gradients costs no
 * extra dispatch.
 *
 * No shared-memory tiles: on SwiftShader (the software adapter CI tests run on)
 * a 16×16 tiled version, with two workgroup barriers per 16 terms, ran an MNIST
 * MLP step 3.4× slower than this one, and at these sizes (≤ 128 × 785 × 256)
 * the GPU's caches serve the repeated reads.
 */
import { STEP_STRUCT } from './wgsl';

export interface ProductSpec {
  bindings: string;
  /** Output rows (a WGSL u32 expression: it may read the Step uniform) and columns. */
  rows: string;
  cols: number;
  /** Terms per output (WGSL u32 expression). */
  kLen: string;
  /** Bodies of fn loadA(row, k) -> f32, fn loadB(k, col) -> f32 and fn store(row, col, acc). */
  loadA: string;
  loadB: string;
  store: string;
}

function header(o: ProductSpec): string {
  return `
${STEP_STRUCT}
${o.bindings}
fn loadA(row: u32, k: u32) -> f32 { ${o.loadA} }
fn loadB(k: u32, col: u32) -> f32 { ${o.loadB} }
fn store(row: u32, col: u32, acc: f32) { ${o.store} }`;
}

const SIDE = 16;

/** C[row, col] = Σ_k A(row, k) · B(k, col), one invocation per output: for short sums over many outputs. */
export function product(o: ProductSpec): string {
  return /* wgsl */ `${header(o)}

@compute @workgroup_size(${SIDE}, ${SIDE})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let row = gid.y;
  let col = gid.x;
  if (row >= ${o.rows} || col >= ${o.cols}u) { return; }
  let kLen = ${o.kLen};
  var acc = 0.0;
  for (var k = 0u; k < kLen; k++) {
    acc += loadA(row, k) * loadB(k, col);
  }
  store(row, col, acc);
}`;
}

/** Workgroups of product() for an output of `rows` × `cols`. */
export function productGrid(rows: number, cols: number): [number, number] {
  return [Math.ceil(cols / SIDE), Math.ceil(rows / SIDE)];
}

const SPLIT = 64;

/**
 * The same product, one workgroup per output whose invocations split the sum
 * and add their parts in a tree: for few outputs over long sums (a conv
 * filter's gradient sums over every position of the batch: 100,352 terms for
 * 160 outputs on MNIST), where one invocation per output would leave the GPU
 * idle behind a few long serial loops.
 */
export function splitSumProduct(o: ProductSpec): string {
  return /* wgsl */ `${header(o)}
var<workgroup> part: array<f32, ${SPLIT}>;

@compute @workgroup_size(${SPLIT})
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let row = wg.y;
  let col = wg.x;
  let kLen = ${o.kLen};
  var acc = 0.0;
  for (var k = lid.x; k < kLen; k += ${SPLIT}u) {
    acc += loadA(row, k) * loadB(k, col);
  }
  part[lid.x] = acc;
  workgroupBarrier();
  for (var s = ${SPLIT / 2}u; s > 0u; s >>= 1u) {
    if (lid.x < s) { part[lid.x] += part[lid.x + s]; }
    workgroupBarrier();
  }
  if (lid.x == 0u) { store(row, col, part[0]); }
}`;
}

/** Workgroups of splitSumProduct(): one per output. */
export function splitSumGrid(rows: number, cols: number): [number, number] {
  return [cols, rows];
}
