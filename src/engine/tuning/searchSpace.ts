/**
 * Where the tuner looks, per method: a range for each tuned parameter, inside
 * the parameter's own schema range (a test checks that). The schema ranges
 * say what is *valid* (lr up to 1, 100 epochs); these say what is *worth
 * trying* on the lab's MNIST-sized models within a budget, so every method
 * gets a space of the same kind: its step size, its length, and the one or
 * two weights its loss has. Parameters not listed keep their defaults.
 */
export type TuneRange =
  | { kind: 'number'; min: number; max: number; log?: boolean }
  | { kind: 'int'; min: number; max: number }
  | { kind: 'choice'; options: string[] }
  | { kind: 'boolean' };

export type SearchSpace = Record<string, TuneRange>;

const int = (min: number, max: number): TuneRange => ({ kind: 'int', min, max });
const num = (min: number, max: number): TuneRange => ({ kind: 'number', min, max });
/** Log-uniform: step sizes and loss weights that span decades. */
const logNum = (min: number, max: number): TuneRange => ({ kind: 'number', min, max, log: true });

export const SEARCH_SPACES: Record<string, SearchSpace> = {
  muda: { lambdaDA: logNum(0.5, 100), lr: logNum(1e-4, 1e-2), epochs: int(5, 30), temperature: num(1, 8), recoverPerForget: int(1, 3) },
  ga: { lr: logNum(1e-5, 1e-2), epochs: int(1, 10), optimizer: { kind: 'choice', options: ['sgd', 'adam'] } },
  ft: { lr: logNum(1e-3, 1e-1), epochs: int(1, 4) },
  neggradplus: { alpha: num(0.9, 0.999), lr: logNum(1e-3, 1e-1), epochs: int(1, 3) },
  rl: { lr: logNum(1e-3, 5e-2), epochs: int(1, 3) },
  'boundary-shrink': { epsilon: num(0.05, 0.5), lr: logNum(1e-4, 1e-2), epochs: int(1, 10) },
  'boundary-expand': { lr: logNum(1e-4, 1e-2), epochs: int(1, 10), shadowInit: { kind: 'choice', options: ['reference', 'zero'] } },
  'l1-sparse': { gamma: logNum(1e-5, 1e-3), lr: logNum(1e-3, 1e-1), epochs: int(1, 4) },
  salun: { rho: num(0.1, 0.9), lr: logNum(1e-3, 5e-2), epochs: int(1, 3) },
  scrub: { lr: logNum(1e-4, 1e-2), alpha: logNum(1e-3, 1), temperature: num(1, 8), maxEpochs: int(1, 3), epochs: int(2, 6) },
  'bad-teacher': { lr: logNum(1e-5, 1e-3), temperature: num(1, 4), epochs: int(1, 3), retainShare: num(0.1, 0.5) },
  ssd: { alpha: logNum(1, 100), lambda: logNum(0.1, 5) },
};
