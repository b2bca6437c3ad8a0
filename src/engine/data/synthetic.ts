/**
 * The 2-D teaching sets: blobs, moons, circles, spirals. Small, instant and
 * plottable, so a person can see a decision boundary move while a class is
 * forgotten. Points are generated class by class (balanced), then split 80/20
 * with the shared stratified split; the same seed gives the same points.
 */
import { ConfigError } from '../errors';
import type { Rng } from '../random';
import type { Dataset } from './dataset';
import { standardization, stratifiedSplit, takeRows } from './split';

export type SyntheticName = 'blobs' | 'moons' | 'circles' | 'spirals';

export const SYNTHETIC_NAMES: readonly SyntheticName[] = ['blobs', 'moons', 'circles', 'spirals'];

export interface SyntheticOptions {
  /** Total samples, train + test. */
  n: number;
  /** Standard deviation of the Gaussian noise added to each coordinate. */
  noise: number;
  classes: number;
}

interface SetRule {
  noise: number;
  classes: { min: number; max: number; def: number };
  /** One random point of class `c` (of `k`), before noise. */
  point(c: number, k: number, rng: Rng): [number, number];
}

const TEST_FRACTION = 0.2;
const MIN_PER_CLASS = 5;
const MAX_N = 1_000_000;
const MAX_NOISE = 10;

const RULES: Record<SyntheticName, SetRule> = {
  blobs: {
    noise: 1.0,
    classes: { min: 2, max: 10, def: 4 },
    // Centres on a circle, with neighbours ≥ 5 apart, so default noise (σ = 1) leaves them separable.
    point(c, k) {
      const radius = Math.max(3, 2.5 / Math.sin(Math.PI / k));
      const angle = (2 * Math.PI * c) / k;
      return [radius * Math.cos(angle), radius * Math.sin(angle)];
    },
  },
  moons: {
    noise: 0.1,
    classes: { min: 2, max: 2, def: 2 },
    // The two interleaved half circles of scikit-learn's make_moons.
    point(c, _k, rng) {
      const t = Math.PI * rng.next();
      return c === 0 ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
    },
  },
  circles: {
    noise: 0.05,
    classes: { min: 2, max: 2, def: 2 },
    // Outer circle radius 1, inner radius 0.5 (make_circles with factor 0.5).
    point(c, _k, rng) {
      const t = 2 * Math.PI * rng.next();
      const r = c === 0 ? 1 : 0.5;
      return [r * Math.cos(t), r * Math.sin(t)];
    },
  },
  spirals: {
    noise: 0.05,
    classes: { min: 2, max: 6, def: 3 },
    // k arms of 1.25 turns each, offset by 2π/k; radius grows linearly to 1.
    point(c, k, rng) {
      const t = rng.next();
      const angle = (2 * Math.PI * c) / k + 1.25 * 2 * Math.PI * t;
      return [t * Math.cos(angle), t * Math.sin(angle)];
    },
  },
};

export function isSyntheticName(name: string): name is SyntheticName {
  return (SYNTHETIC_NAMES as readonly string[]).includes(name);
}

/**
 * Validates `options` (config.dataset.options) for the set `name` and fills in
 * defaults. Throws ConfigError naming the option.
 */
export function parseSyntheticOptions(name: SyntheticName, options: Record<string, unknown>): SyntheticOptions {
  const rule = RULES[name];
  const field = (k: string) => `config.dataset.options.${k}`;
  for (const k of Object.keys(options)) {
    if (k !== 'n' && k !== 'noise' && k !== 'classes') {
      throw new ConfigError(field(k), `unknown option "${k}" for ${name} (allowed: n, noise, classes)`);
    }
  }
  const classes = options.classes ?? rule.classes.def;
  const { min, max } = rule.classes;
  if (typeof classes !== 'number' || !Number.isInteger(classes)) {
    throw new ConfigError(field('classes'), `must be an integer, got ${JSON.stringify(classes)}`);
  }
  if (classes < min || classes > max) {
    throw new ConfigError(field('classes'), min === max
      ? `${name} has exactly ${min} classes, got ${classes}`
      : `${name} takes ${min} to ${max} classes, got ${classes}`);
  }
  const n = options.n ?? 1000;
  const minN = MIN_PER_CLASS * classes;
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    throw new ConfigError(field('n'), `must be an integer, got ${JSON.stringify(n)}`);
  }
  if (n < minN || n > MAX_N) {
    throw new ConfigError(field('n'), `must be in ${minN}..${MAX_N} (at least ${MIN_PER_CLASS} per class), got ${n}`);
  }
  const noise = options.noise ?? rule.noise;
  if (typeof noise !== 'number' || !Number.isFinite(noise) || noise < 0 || noise > MAX_NOISE) {
    throw new ConfigError(field('noise'), `must be a number in 0..${MAX_NOISE}, got ${JSON.stringify(noise)}`);
  }
  return { n, noise, classes };
}

/**
 * Generates the 2-D set `name` (x: n × 2 float32, labels 0..classes-1), split
 * 80/20 and standardised with the training mean and std.
 */
export function makeSynthetic(name: SyntheticName, options: Record<string, unknown>, rng: Rng): Dataset {
  const { n, noise, classes } = parseSyntheticOptions(name, options);
  const rule = RULES[name];
  const pointRng = rng.fork(`synthetic:${name}:points`);
  const x = new Float32Array(n * 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    // Balanced classes: the first n mod k classes get one extra sample.
    const c = i % classes;
    const [px, py] = rule.point(c, classes, pointRng);
    x[2 * i] = px + noise * pointRng.normal();
    x[2 * i + 1] = py + noise * pointRng.normal();
    y[i] = c;
  }
  const where = `dataset ${name}`;
  const split = stratifiedSplit(y, classes, TEST_FRACTION, rng.fork(`synthetic:${name}:split`), where);
  const train = takeRows(x, y, split.train, 2);
  const test = takeRows(x, y, split.test, 2);
  return {
    name,
    inputShape: [2],
    numClasses: classes,
    classNames: Array.from({ length: classes }, (_, c) => `class ${c}`),
    train,
    test,
    xScale: 1,
    normalization: standardization(train.x as Float32Array, 2),
  };
}
