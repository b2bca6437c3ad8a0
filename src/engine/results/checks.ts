/**
 * The checks every value of a results file passes on its way in. Results files
 * come from this lab, other versions of it, or anyone (imports, shared links), so
 * reading one is defensive: every array's length is checked before it is walked
 * (a hostile 10⁷-entry array is refused at once), numbers must be finite and in
 * range, strings are capped and stay data (nothing here or downstream interprets
 * them). Each check returns the value it read or throws `ConfigError` naming the
 * field's path.
 */
import { ConfigError } from '../errors';

type Obj = Record<string, unknown>;

/** Caps on what a results file may hold; generous for real runs, fatal for hostile ones. */
export const RESULTS_LIMITS = {
  models: 200,
  runs: 20,
  curvePoints: 100_000,
  spectrum: 4096,
  perSamplePoints: 100_000,
  /** pcaSteps: snapshots, and points over all snapshots together. */
  featureSteps: 1000,
  featureStepPoints: 1_000_000,
  boundaryAxis: 1000,
  stringLength: 10_000,
  params: { depth: 4, nodes: 10_000 },
  /** tuning.methods.<id>.trials[i].params.<name>: six levels. */
  tuning: { depth: 6, nodes: 100_000 },
} as const;

/**
 * A fraction may leave [0, 1] by this much and is then clamped: GPU shaders
 * may round a float32 softmax a few ulps past 1 (WGSL division is not
 * correctly rounded), and means of fractions round in float64.
 */
const FRACTION_SLACK = 1e-6;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function fail(path: string, problem: string): never {
  throw new ConfigError(path, problem);
}

export function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (isObj(v)) return 'an object';
  return String(v);
}

export function obj(v: unknown, path: string): Obj {
  if (!isObj(v)) fail(path, `must be an object, got ${show(v)}`);
  return v;
}

export function finite(v: unknown, path: string, range: { min?: number; max?: number; int?: boolean } = {}): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, `must be a finite number, got ${show(v)}`);
  if (range.int && !Number.isInteger(v)) fail(path, `must be an integer, got ${v}`);
  if (range.min !== undefined && v < range.min) fail(path, `must be ≥ ${range.min}, got ${v}`);
  if (range.max !== undefined && v > range.max) fail(path, `must be ≤ ${range.max}, got ${v}`);
  return v;
}

export function fraction(v: unknown, path: string): number {
  const x = finite(v, path);
  if (x < -FRACTION_SLACK || x > 1 + FRACTION_SLACK) fail(path, `must be a fraction in [0, 1], got ${x}`);
  return Math.min(1, Math.max(0, x));
}

export function str(v: unknown, path: string, maxLength: number = RESULTS_LIMITS.stringLength): string {
  if (typeof v !== 'string') fail(path, `must be a string, got ${show(v)}`);
  if (v.length > maxLength) fail(path, `is ${v.length} characters long, more than ${maxLength}`);
  return v;
}

export function bool(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') fail(path, `must be true or false, got ${show(v)}`);
  return v;
}

/** Checks the length *before* touching any element. */
export function list<T>(v: unknown, path: string, maxLength: number, item: (x: unknown, path: string) => T): T[] {
  if (!Array.isArray(v)) fail(path, `must be an array, got ${show(v)}`);
  if (v.length > maxLength) fail(path, `has ${v.length} entries, more than ${maxLength}`);
  const out = new Array<T>(v.length);
  for (let i = 0; i < v.length; i++) out[i] = item(v[i], `${path}[${i}]`);
  return out;
}

/** Sets a key that came from the file, including "__proto__", as plain data. */
export function put<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Sets `target[key]` to the checked `source[key]` when the file has it: an absent field stays absent, never `key: undefined`. */
export function copyIfPresent<T extends object, K extends keyof T & string>(
  target: T, source: Obj, key: K, path: string, check: (v: unknown, path: string) => T[K],
): void {
  if (source[key] !== undefined) target[key] = check(source[key], path ? `${path}.${key}` : key);
}

/** A JSON value of bounded depth and size (method params, the tuning report): copied, never interpreted. */
export function jsonValue(v: unknown, path: string, limits: { depth: number; nodes: number }, budget = { nodes: limits.nodes }, depth = 0): unknown {
  if (--budget.nodes < 0) fail(path, `holds more than ${limits.nodes} values`);
  if (v === null || typeof v === 'boolean') return v;
  if (typeof v === 'number') return finite(v, path);
  if (typeof v === 'string') return str(v, path);
  if (depth >= limits.depth) fail(path, `nests deeper than ${limits.depth} levels`);
  if (Array.isArray(v)) return list(v, path, limits.nodes, (x, p) => jsonValue(x, p, limits, budget, depth + 1));
  if (isObj(v)) {
    const out: Obj = {};
    for (const key of Object.keys(v)) put(out, key, jsonValue(v[key], `${path}.${key}`, limits, budget, depth + 1));
    return out;
  }
  return fail(path, `must be JSON data, got ${typeof v}`);
}
