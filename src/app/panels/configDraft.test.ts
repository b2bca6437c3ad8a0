import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG as RAW_DEFAULT, parseConfig } from '../../engine/config';
import { configFromDraft, draftFieldOf, draftFromConfig, DraftError } from './configDraft';

const DEFAULT_CONFIG = parseConfig(RAW_DEFAULT);

function err(fn: () => unknown): DraftError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DraftError) return e;
    throw e;
  }
  throw new Error('expected a DraftError');
}

describe('config draft', () => {
  it('round-trips the default config', () => {
    expect(configFromDraft(draftFromConfig(DEFAULT_CONFIG), DEFAULT_CONFIG)).toEqual(DEFAULT_CONFIG);
  });

  it('reads lists, numbers and dataset options, keeping scenario and methods', () => {
    const d = { ...draftFromConfig(DEFAULT_CONFIG), dataset: 'moons' as const, n: '600', noise: '0.1', hidden: '64, 32', featureDim: '16', epochs: '3' };
    const c = configFromDraft(d, DEFAULT_CONFIG);
    expect(c.dataset).toEqual({ name: 'moons', options: { n: 600, noise: 0.1 } });
    expect(c.model).toEqual({ kind: 'mlp', hidden: [64, 32], featureDim: 16 });
    expect(c.train.epochs).toBe(3);
    expect(c.scenario).toEqual(DEFAULT_CONFIG.scenario);
    expect(c.methods).toEqual(DEFAULT_CONFIG.methods);
  });

  it('MNIST subsample sizes go into options; 2-D fields are ignored there', () => {
    const d = { ...draftFromConfig(DEFAULT_CONFIG), trainSize: '2000', n: '5' };
    expect(configFromDraft(d, DEFAULT_CONFIG).dataset.options).toEqual({ trainSize: 2000 });
  });

  it('CNN gets its channels', () => {
    const d = { ...draftFromConfig(DEFAULT_CONFIG), modelKind: 'cnn' as const, hidden: '', channels: '8 16' };
    expect(configFromDraft(d, DEFAULT_CONFIG).model).toEqual({ kind: 'cnn', hidden: [], featureDim: 128, channels: [8, 16] });
  });

  it('names the form field of a bad value', () => {
    expect(err(() => configFromDraft({ ...draftFromConfig(DEFAULT_CONFIG), hidden: '64, x' }, DEFAULT_CONFIG)).field).toBe('hidden');
    expect(err(() => configFromDraft({ ...draftFromConfig(DEFAULT_CONFIG), lr: 'fast' }, DEFAULT_CONFIG)).field).toBe('lr');
    const e = err(() => configFromDraft({ ...draftFromConfig(DEFAULT_CONFIG), featureDim: '1' }, DEFAULT_CONFIG));
    expect(e.field).toBe('featureDim');
    expect(e.message).toContain('config.model.featureDim');
  });

  it('CSV needs an http(s) URL or an upload', () => {
    const base = { ...draftFromConfig(DEFAULT_CONFIG), dataset: 'csv' as const };
    expect(err(() => configFromDraft(base, DEFAULT_CONFIG)).field).toBe('url');
    expect(err(() => configFromDraft({ ...base, url: 'file:///etc/passwd' }, DEFAULT_CONFIG)).message).toContain('only http(s)');
    expect(configFromDraft({ ...base, url: 'https://x.org/d.csv' }, DEFAULT_CONFIG).dataset.options).toEqual({ url: 'https://x.org/d.csv' });
    expect(configFromDraft({ ...base, upload: 'mine.csv' }, DEFAULT_CONFIG).dataset.options).toEqual({ upload: 'mine.csv' });
  });

  it('a hand-picked forget set does not carry over to another dataset', () => {
    const base = { ...DEFAULT_CONFIG, scenario: { kind: 'indices' as const, indices: [1, 2] } };
    const c = configFromDraft({ ...draftFromConfig(base), dataset: 'moons' }, base);
    expect(c.scenario).toEqual({ kind: 'random', fraction: 0.1 });
  });

  it('maps engine fields to form fields', () => {
    expect(draftFieldOf('config.dataset.options.noise')).toBe('noise');
    expect(draftFieldOf('config.model.hidden[1]')).toBe('hidden');
    expect(draftFieldOf('config.eval.seeds')).toBeNull();
  });
});
