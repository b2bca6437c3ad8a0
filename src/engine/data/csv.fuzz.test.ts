import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRng } from '../random';
import { DataError } from '../errors';
import type { Dataset } from './dataset';
import { parseCsvDataset, type CsvOptions } from './csv';

const NAME = 'fuzz.csv';
const RUNS = { seed: 20240611, numRuns: 200 };

/** Either a well-formed Dataset or a DataError whose message names the file. */
function check(text: string, opts: Partial<CsvOptions> = {}): void {
  let ds: Dataset;
  try {
    ds = parseCsvDataset(text, { name: NAME, rng: createRng(3), maxRows: 500, ...opts });
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    const err = e as DataError;
    expect(err.where.startsWith(NAME)).toBe(true);
    expect(err.message.length).toBeGreaterThan(err.where.length + 2);
    return;
  }
  const d = ds.inputShape[0];
  expect(d).toBeGreaterThanOrEqual(1);
  expect(ds.numClasses).toBeGreaterThanOrEqual(2);
  expect(ds.classNames.length).toBe(ds.numClasses);
  expect(ds.train.n).toBeGreaterThanOrEqual(1);
  expect(ds.test.n).toBeGreaterThanOrEqual(1);
  for (const s of [ds.train, ds.test]) {
    expect(s.x.length).toBe(s.n * d);
    expect([...s.y].every((v) => v >= 0 && v < ds.numClasses)).toBe(true);
    expect([...s.x].every((v) => Number.isFinite(v))).toBe(true);
  }
  expect([...ds.normalization!.std].every((v) => v > 0 && Number.isFinite(v))).toBe(true);
}

const cell = fc.oneof(
  fc.integer({ min: -5, max: 5 }).map(String),
  fc.double({ noDefaultInfinity: false }).map(String),
  fc.constantFrom('', ' ', 'NaN', 'inf', '-Infinity', '1e39', '1e400', '0x10', '1,5', '.', '-', 'e5', '٣'),
  fc.constantFrom('"', '""', '"a,b"', '"x""y"', '"\n"', 'a"b', '"unterminated', '\uFEFF', '\r', '\t', ';'),
  fc.constantFrom('label', 'class', 'cat', 'dog', 'y', 'target'),
  fc.string({ maxLength: 6 }),
);

const csvLike = fc.record({
  rows: fc.array(fc.array(cell, { minLength: 0, maxLength: 6 }), { minLength: 0, maxLength: 25 }),
  delimiter: fc.constantFrom(',', ';', '\t', ' '),
  newline: fc.constantFrom('\n', '\r\n', '\r'),
  bom: fc.boolean(),
}).map(({ rows, delimiter, newline, bom }) => (bom ? '\uFEFF' : '') + rows.map((r) => r.join(delimiter)).join(newline));

const options = fc.record({
  header: fc.option(fc.boolean(), { nil: undefined }),
  labelColumn: fc.option(fc.oneof(fc.integer({ min: -8, max: 8 }), fc.constantFrom('label', 'class', 'nope', '')), { nil: undefined }),
  testFraction: fc.option(fc.double({ min: -1, max: 2, noNaN: false }), { nil: undefined }),
  maxClasses: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
}, { requiredKeys: [] });

describe('parseCsvDataset fuzz: only DataErrors, each naming the file', () => {
  it('arbitrary strings, including lone surrogates and control characters', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => check(text)), RUNS);
  });

  it('CSV-shaped text with adversarial cells (quotes, NaN, huge numbers, BOMs, stray delimiters)', () => {
    fc.assert(fc.property(csvLike, (text) => check(text)), RUNS);
  });

  it('CSV-shaped text with random options', () => {
    fc.assert(fc.property(csvLike, options, (text, opts) => check(text, opts)), RUNS);
  });

  it('well-formed numeric tables always load', () => {
    const table = fc.record({
      d: fc.integer({ min: 1, max: 5 }),
      labels: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 4, maxLength: 60 }),
      seed: fc.integer({ min: 0, max: 1000 }),
    }).filter(({ labels }) => new Set(labels).size >= 2 && new Set(labels).size < labels.length);
    fc.assert(fc.property(table, ({ d, labels, seed }) => {
      const rng = createRng(seed);
      const text = labels.map((l) => [...Array(d)].map(() => (rng.normal() * 10).toFixed(3)).concat(String(l)).join(',')).join('\n');
      const ds = parseCsvDataset(text, { name: NAME, rng: createRng(seed) });
      expect(ds.train.n + ds.test.n).toBe(labels.length);
      expect(ds.numClasses).toBe(new Set(labels).size);
    }), RUNS);
  });
});
