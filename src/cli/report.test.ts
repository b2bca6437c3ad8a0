import { describe, expect, it } from 'vitest';
import { parseConfig } from '../engine/config';
import type { Metrics, ModelResult, Results } from '../engine/results';
import { resultsReport } from './report';

const model = (metrics: Partial<Metrics>, over: Partial<ModelResult> = {}): ModelResult => ({
  seed: 1, timeMs: 1, status: 'ok', metrics: { UA: 0, RA: 0, TA: 0, ...metrics }, spectrum: { retain: [], forget: [] }, curves: [], ...over,
});

const results = (): Results => ({
  schemaVersion: 1, config: parseConfig({}), environment: { backend: 'cpu', skipped: {}, runtime: 'node', device: 'cpu' },
  split: { train: 10, test: 5, forget: 2, retain: 8 },
  models: {
    ga: model({ UA: 0.5, RA: 0.9, TA: 0.8, avgGap: 12.345 }, { mean: { UA: 0.5, RA: 0.9, TA: 0.8, avgGap: 12.345 }, std: { UA: 0.1, RA: 0, TA: 0.02, avgGap: 1.5 } }),
    retrain: model({ UA: 1, RA: 0.99, TA: 0.95, avgGap: 0 }),
    original: model({ UA: 0.01, RA: 0.99, TA: 0.95, avgGap: 40 }),
    muda: model({ UA: 0.9, RA: 0.98, TA: 0.95, avgGap: 2 }, { status: 'stopped-early', label: 'MUDA (tuned)' }),
  },
});

describe('npm run lab -- report', () => {
  it('one row per model by average gap, Retrain first; mean ± std where the model ran on several seeds; columns no model has left out', () => {
    const lines = resultsReport(results()).trim().split('\n');
    expect(lines[0]).toBe('| model | UA | RA | TA | avgGap | status |');
    expect(lines.slice(2).map((l) => l.split(' | ')[0])).toEqual(['| retrain', '| muda — MUDA (tuned)', '| ga', '| original']);
    expect(lines[4]).toBe('| ga | 0.500 ± 0.100 | 0.900 ± 0.000 | 0.800 ± 0.020 | 12.35 ± 1.50 | ok |');
    expect(lines[3]).toMatch(/^\| muda — MUDA \(tuned\) \| .* \| stopped-early \|$/);
  });

  it('a tuning run adds every trial of each method, the chosen one marked, and the held-out summary', () => {
    const r: Results = {
      ...results(),
      tuning: {
        objective: 'avgGap', trialsPerMethod: 2, validationSeed: 1, heldOutSeeds: [2, 3],
        methods: {
          ga: {
            trials: [{ index: 0, params: {}, objective: 40, status: 'ok' }, { index: 1, params: { lr: 0.00123456, epochs: 3, optimizer: 'adam' }, objective: 3.456, status: 'ok' }],
            chosen: 1, heldOut: { chosen: { values: [3, 5], mean: 4, std: 1.4142 }, defaults: { values: [40, 42], mean: 41, std: 1.4142 } },
          },
        },
      },
    };
    const text = resultsReport(r);
    expect(text).toContain('## Every trial (validation seed 1; held-out seeds 2, 3)');
    expect(text).toContain('| 0 | defaults | 40.00 |');
    expect(text).toContain('| 1 **chosen** | lr 0.001235, epochs 3, optimizer adam | 3.46 |');
    expect(text).toContain('Held-out seeds: chosen 4.00 ± 1.41 (3.00, 5.00), defaults 41.00 ± 1.41 (40.00, 42.00).');
  });
});
