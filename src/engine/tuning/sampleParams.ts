/**
 * One trial's parameters: every tuned parameter drawn from its range —
 * log-uniform where the range says log, uniform otherwise, integers uniform
 * over min..max, choices and booleans uniform — from the given stream.
 */
import type { Rng } from '../random';
import type { SearchSpace, TuneRange } from './searchSpace';

/** Numbers keep 4 significant digits: readable in tables and ids, far finer than any tuning needs. */
const round4 = (v: number): number => Number(v.toPrecision(4));

export function sampleValue(r: TuneRange, rng: Rng): number | string | boolean {
  switch (r.kind) {
    case 'number':
      return round4(r.log ? Math.exp(Math.log(r.min) + rng.next() * (Math.log(r.max) - Math.log(r.min))) : r.min + rng.next() * (r.max - r.min));
    case 'int':
      return r.min + rng.int(r.max - r.min + 1);
    case 'choice':
      return r.options[rng.int(r.options.length)];
    case 'boolean':
      return rng.next() < 0.5;
  }
}

export function sampleParams(space: SearchSpace, rng: Rng): Record<string, number | string | boolean> {
  const out: Record<string, number | string | boolean> = {};
  for (const name of Object.keys(space).sort()) out[name] = sampleValue(space[name], rng);
  return out;
}
