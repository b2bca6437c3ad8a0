/**
 * Forget scenarios (docs/baselines.md, "Forgetting scenarios") → concrete, seeded,
 * disjoint index lists. Impossible scenarios are rejected before anything runs.
 */
import type { ScenarioConfig } from '../config';
import { ScenarioError } from '../errors';
import type { Rng } from '../random';
import { sampleSize, type Dataset, type Split } from './dataset';
import type { UnlearningData } from './unlearningData';

/** Trigger: a 4×4 white square, 2 px from the bottom-right corner. */
export const TRIGGER = { size: 4, margin: 2 };

/** Writes the trigger patch into one image (bytes or floats in the dataset's stored scale). */
export function applyTrigger(x: Split['x'], index: number, inputShape: number[], white: number): void {
  const [h, w, c] = inputShape;
  const base = index * h * w * c;
  for (let r = h - TRIGGER.margin - TRIGGER.size; r < h - TRIGGER.margin; r++) {
    for (let col = w - TRIGGER.margin - TRIGGER.size; col < w - TRIGGER.margin; col++) {
      for (let ch = 0; ch < c; ch++) x[base + (r * w + col) * c + ch] = white;
    }
  }
}

function indicesWhere(n: number, pred: (i: number) => boolean): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (pred(i)) out.push(i);
  return Int32Array.from(out);
}

function complement(n: number, sortedSubset: Int32Array): Int32Array {
  const mark = new Uint8Array(n);
  for (const i of sortedSubset) mark[i] = 1;
  return indicesWhere(n, (i) => mark[i] === 0);
}

function subsetOf(rng: Rng, idx: Int32Array, k: number): Int32Array {
  const pick = rng.sample(idx.length, Math.min(k, idx.length));
  return Int32Array.from(pick, (p) => idx[p]).sort();
}

function checkClass(ds: Dataset, c: number, what: string): void {
  if (!Number.isInteger(c) || c < 0 || c >= ds.numClasses) {
    throw new ScenarioError(`${what} ${c} does not exist: ${ds.name} has classes 0..${ds.numClasses - 1}`);
  }
}

/** Merges the fine classes of `group` into one coarse class; returns the new dataset and the label map. */
function mergeGroup(ds: Dataset, group: number[]): { dataset: Dataset; coarseOf: Int32Array } {
  const coarseOf = new Int32Array(ds.numClasses);
  const names: string[] = [];
  let next = 0;
  for (let c = 0; c < ds.numClasses; c++) {
    if (group.includes(c) && c !== group[0]) continue;
    coarseOf[c] = next++;
    names.push(c === group[0] ? group.map((g) => ds.classNames[g]).join(' / ') : ds.classNames[c]);
  }
  for (const g of group) coarseOf[g] = coarseOf[group[0]];
  const relabel = (s: Split): Split => ({ ...s, y: Int32Array.from(s.y, (v) => coarseOf[v]) });
  return { dataset: { ...ds, numClasses: names.length, classNames: names, train: relabel(ds.train), test: relabel(ds.test) }, coarseOf };
}

export interface ScenarioOptions {
  retainReferenceSize: number;
  curveSubsetSize: number;
}

/**
 * Builds the concrete forget / retain / retain-reference lists for a scenario.
 * Every random choice uses `rng` (forked per purpose, so sizes do not shift other draws).
 */
export function buildScenario(ds: Dataset, scenario: ScenarioConfig, rng: Rng, opts: ScenarioOptions): UnlearningData {
  const n = ds.train.n;
  let dataset = ds;
  let forget: Int32Array;
  let test = indicesWhere(ds.test.n, () => true);
  let forgetClassTest: Int32Array | undefined;
  let backdoor: UnlearningData['backdoor'];

  switch (scenario.kind) {
    case 'random': {
      const k = Math.round(scenario.fraction * n);
      forget = subsetOf(rng.fork('scenario/random'), indicesWhere(n, () => true), k);
      break;
    }
    case 'class': {
      checkClass(ds, scenario.class, 'class');
      forget = indicesWhere(n, (i) => ds.train.y[i] === scenario.class);
      if (forget.length === 0) throw new ScenarioError(`class ${scenario.class} (${ds.classNames[scenario.class]}) has no training samples`);
      test = indicesWhere(ds.test.n, (i) => ds.test.y[i] !== scenario.class);
      forgetClassTest = indicesWhere(ds.test.n, (i) => ds.test.y[i] === scenario.class);
      break;
    }
    case 'subclass': {
      const { group } = scenario;
      if (group.length < 2) throw new ScenarioError(`a sub-class group needs at least 2 fine classes, got [${group.join(', ')}]`);
      group.forEach((g) => checkClass(ds, g, 'group class'));
      if (new Set(group).size !== group.length) throw new ScenarioError(`the sub-class group [${group.join(', ')}] repeats a class`);
      if (!group.includes(scenario.class)) throw new ScenarioError(`class ${scenario.class} is not in the group [${group.join(', ')}]`);
      const fineTrain = ds.train.y;
      const fineTest = ds.test.y;
      forget = indicesWhere(n, (i) => fineTrain[i] === scenario.class);
      if (forget.length === 0) throw new ScenarioError(`class ${scenario.class} has no training samples`);
      dataset = mergeGroup(ds, group).dataset;
      test = indicesWhere(ds.test.n, (i) => fineTest[i] !== scenario.class);
      forgetClassTest = indicesWhere(ds.test.n, (i) => fineTest[i] === scenario.class);
      break;
    }
    case 'indices': {
      const seen = new Set<number>();
      for (const i of scenario.indices) {
        if (i < 0 || i >= n || !Number.isInteger(i)) throw new ScenarioError(`index ${i} is outside the training set (0..${n - 1})`);
        seen.add(i);
      }
      forget = Int32Array.from(seen).sort();
      break;
    }
    case 'backdoor': {
      if (ds.inputShape.length !== 3) throw new ScenarioError(`the backdoor scenario needs images; ${ds.name} has inputs of shape [${ds.inputShape.join(', ')}]`);
      checkClass(ds, scenario.target, 'target class');
      const r = rng.fork('scenario/backdoor');
      const candidates = indicesWhere(n, (i) => ds.train.y[i] !== scenario.target);
      forget = subsetOf(r, candidates, Math.round(scenario.fraction * n));
      const white = ds.xScale === 1 ? 1 : Math.round(1 / ds.xScale);
      // Poison a copy: the clean dataset object stays untouched for other scenarios.
      const x = ds.train.x.slice();
      const y = ds.train.y.slice();
      for (const i of forget) {
        applyTrigger(x, i, ds.inputShape, white);
        y[i] = scenario.target;
      }
      dataset = { ...ds, train: { x, y, n } };
      const nonTarget = indicesWhere(ds.test.n, (i) => ds.test.y[i] !== scenario.target);
      const d = sampleSize(ds);
      const tx = new (ds.test.x.constructor as { new (n: number): Split['x'] })(nonTarget.length * d);
      nonTarget.forEach((src, i) => {
        tx.set(ds.test.x.subarray(src * d, (src + 1) * d), i * d);
        applyTrigger(tx, i, ds.inputShape, white);
      });
      backdoor = { target: scenario.target, triggeredTest: { x: tx, y: Int32Array.from(nonTarget, (i) => ds.test.y[i]), n: nonTarget.length } };
      break;
    }
  }

  if (forget.length === 0) throw new ScenarioError('the forget set is empty: choose at least one training sample to forget');
  if (forget.length >= n) throw new ScenarioError('the forget set is the whole training set: nothing would be left to retain');
  const retain = complement(n, forget);
  const retainRef = subsetOf(rng.fork('scenario/retainRef'), retain, opts.retainReferenceSize);
  const cr = rng.fork('scenario/curves');
  const curve = {
    forget: subsetOf(cr, forget, opts.curveSubsetSize),
    test: subsetOf(cr, test, opts.curveSubsetSize),
    retainRef: subsetOf(cr, retainRef, opts.curveSubsetSize),
  };
  return { dataset, scenario, forget, retain, retainRef, test, forgetClassTest, backdoor, curve };
}

/** Whether a scenario changes the data the Original is trained on (so it must be retrained). */
export function scenarioChangesTraining(s: ScenarioConfig): boolean {
  return s.kind === 'backdoor' || s.kind === 'subclass';
}
