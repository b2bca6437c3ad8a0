import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, parseConfig } from './config';
import { ConfigError } from './errors';
import { readFileSync, readdirSync } from 'node:fs';

const known = ['retrain', 'muda', 'ga'];

describe('experiment config', () => {
  it('fills defaults into a minimal config', () => {
    const c = parseConfig({ schemaVersion: 1, dataset: { name: 'moons' } });
    expect(c.seed).toBe(1);
    expect(c.model).toEqual({ kind: 'mlp', hidden: [256], featureDim: 128 });
    expect(c.eval.daTau).toBe(0.95);
    expect(c.eval.everySteps).toBe(10);
    expect(c.eval.maxCurvePoints).toBe(30);
    expect(c.scenario).toEqual(DEFAULT_CONFIG.scenario);
  });

  it('rejects an unknown field and names it', () => {
    expect(() => parseConfig({ schemaVersion: 1, sed: 3 })).toThrow(/config\.sed: unknown field/);
    expect(() => parseConfig({ schemaVersion: 1, train: { epoch: 3 } })).toThrow(/config\.train\.epoch/);
  });

  it('rejects a newer schemaVersion politely', () => {
    expect(() => parseConfig({ schemaVersion: 2 })).toThrow(/newer than this lab understands/);
  });

  it('names the bad field with the problem', () => {
    try {
      parseConfig({ schemaVersion: 1, train: { lr: 'fast' } });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).field).toBe('config.train.lr');
    }
    expect(() => parseConfig({ schemaVersion: 1, scenario: { kind: 'random', fraction: 1.5 } })).toThrow(/fraction: must be ≤ 1/);
    expect(() => parseConfig({ schemaVersion: 1, eval: { maxCurvePoints: 1 } })).toThrow(/config\.eval\.maxCurvePoints: must be ≥ 2/);
    expect(() => parseConfig({ schemaVersion: 1, methods: [{ id: 'mdua' }] }, known)).toThrow(/unknown method "mdua"/);
  });

  it('accepts "all" and method ids as strings', () => {
    expect(parseConfig({ schemaVersion: 1, methods: 'all' }).methods).toBe('all');
    expect(parseConfig({ schemaVersion: 1, methods: ['ga'] }, known).methods).toEqual([{ id: 'ga', params: {} }]);
  });

  it('every preset in public/examples parses', () => {
    const dir = new URL('../../public/examples/', import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const f of files) expect(() => parseConfig(JSON.parse(readFileSync(new URL(f, dir), 'utf8')))).not.toThrow();
  });
});
