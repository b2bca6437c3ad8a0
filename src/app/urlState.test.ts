import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_CONFIG, parseConfig, type ExperimentConfig, type ScenarioConfig } from '../engine/config';
import { configToHash, decodeHash, encodeConfig, externalDatasetUrl, MAX_ENCODED_LENGTH } from './urlState';

function b64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

describe('urlState round trip', () => {
  it('decodes what it encodes, defaults filled in', () => {
    const cfg = parseConfig({ ...DEFAULT_CONFIG, seed: 7, scenario: { kind: 'indices', indices: [3, 1, 4] } });
    const d = decodeHash(configToHash(cfg));
    expect(d).toEqual({ kind: 'ok', config: cfg });
  });

  it('uses only base64url characters (safe in a URL without escaping)', () => {
    const cfg = parseConfig({ ...DEFAULT_CONFIG, dataset: { name: 'csv', options: { url: 'https://example.org/ä?q=1&r=2' } } });
    expect(encodeConfig(cfg)).toMatch(/^[A-Za-z0-9_-]+$/);
    const d = decodeHash(configToHash(cfg));
    expect(d.kind === 'ok' && d.config.dataset.options.url).toBe('https://example.org/ä?q=1&r=2');
  });

  it('an empty hash or one without config is "none"', () => {
    expect(decodeHash('')).toEqual({ kind: 'none' });
    expect(decodeHash('#')).toEqual({ kind: 'none' });
    expect(decodeHash('#lesson=2')).toEqual({ kind: 'none' });
  });

  it('finds config among other hash parameters', () => {
    const h = `#lesson=2&config=${encodeConfig(DEFAULT_CONFIG)}`;
    expect(decodeHash(h).kind).toBe('ok');
  });
});

describe('urlState rejects hostile or broken links with a message', () => {
  function message(hash: string): string {
    const d = decodeHash(hash);
    if (d.kind !== 'error') throw new Error(`expected an error, got ${d.kind}`);
    return d.message;
  }

  it('too long: rejected before decoding', () => {
    expect(message('#config=' + 'A'.repeat(MAX_ENCODED_LENGTH + 1))).toContain(`more than ${MAX_ENCODED_LENGTH}`);
  });

  it('not base64url', () => {
    expect(message('#config=abc$%')).toContain('not valid base64url');
    expect(message('#config=A')).toContain('impossible base64 length');
  });

  it('not JSON', () => {
    expect(message('#config=' + b64url('{"seed": 1,'))).toContain('not valid JSON');
  });

  it('invalid UTF-8', () => {
    expect(message('#config=' + Buffer.from([0xff, 0xfe, 0x7b]).toString('base64url'))).toContain('not valid base64url UTF-8');
  });

  it('unknown fields name the field (typos must not pass)', () => {
    expect(message('#config=' + b64url(JSON.stringify({ ...DEFAULT_CONFIG, sed: 3 })))).toContain('config.sed');
  });

  it('a newer schema says so', () => {
    expect(message('#config=' + b64url(JSON.stringify({ ...DEFAULT_CONFIG, schemaVersion: 2 })))).toContain('newer than this lab understands');
  });

  it('script-like strings stay data and non-http dataset URLs are refused', () => {
    const cfg = { ...DEFAULT_CONFIG, dataset: { name: 'csv', options: { url: 'javascript:alert(1)' } } };
    expect(message('#config=' + b64url(JSON.stringify(cfg)))).toContain('only http(s) URLs');
  });

  it('nested or oversized dataset options are refused', () => {
    const nested = { ...DEFAULT_CONFIG, dataset: { name: 'mnist', options: { x: { y: 1 } } } };
    expect(message('#config=' + b64url(JSON.stringify(nested)))).toContain('config.dataset.options.x');
    const long = { ...DEFAULT_CONFIG, dataset: { name: 'mnist', options: { note: 'x'.repeat(3000) } } };
    expect(message('#config=' + b64url(JSON.stringify(long)))).toContain('longer than 2048');
  });

  it('__proto__ keys do not pollute Object.prototype', () => {
    const text = `{"schemaVersion":1,"dataset":{"name":"mnist","options":{"__proto__":{"polluted":1}}}}`;
    decodeHash('#config=' + b64url(text));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('unknown methods are refused when the list is known', () => {
    const cfg = { ...DEFAULT_CONFIG, methods: [{ id: 'rm -rf' }] };
    expect(decodeHash('#config=' + b64url(JSON.stringify(cfg)), ['muda', 'ga']).kind).toBe('error');
  });
});

describe('urlState fuzz (seeded, bounded)', () => {
  const scenario: fc.Arbitrary<ScenarioConfig> = fc.oneof(
    fc.record({ kind: fc.constant('random' as const), fraction: fc.double({ min: 0, max: 1, noNaN: true }) }),
    fc.record({ kind: fc.constant('class' as const), class: fc.nat(9) }),
    fc.record({ kind: fc.constant('indices' as const), indices: fc.array(fc.nat(60000), { maxLength: 50 }) }),
    fc.record({ kind: fc.constant('backdoor' as const), fraction: fc.double({ min: 0, max: 1, noNaN: true }), target: fc.nat(9) }),
  );
  const config: fc.Arbitrary<ExperimentConfig> = fc.record({
    seed: fc.nat(2 ** 31 - 1),
    name: fc.constantFrom('mnist', 'fashion-mnist', 'moons', 'blobs', 'circles', 'spirals'),
    n: fc.integer({ min: 10, max: 5000 }),
    hidden: fc.array(fc.integer({ min: 1, max: 4096 }), { maxLength: 3 }),
    featureDim: fc.integer({ min: 2, max: 2048 }),
    epochs: fc.integer({ min: 1, max: 1000 }),
    lr: fc.double({ min: 0, max: 10, noNaN: true }),
    scenario,
  }).map((r) => parseConfig({
    seed: r.seed,
    dataset: { name: r.name, options: { n: r.n } },
    model: { kind: 'mlp', hidden: r.hidden, featureDim: r.featureDim },
    train: { epochs: r.epochs, lr: r.lr },
    scenario: r.scenario,
  }));

  it('every valid config survives the round trip exactly', () => {
    fc.assert(fc.property(config, (cfg) => {
      const d = decodeHash(configToHash(cfg));
      expect(d).toEqual({ kind: 'ok', config: cfg });
    }), { seed: 20261128, numRuns: 200 });
  });

  it('arbitrary strings never throw and never yield an unvalidated config', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => {
      const d = decodeHash('#config=' + s);
      expect(['ok', 'error']).toContain(d.kind);
      if (d.kind === 'ok') expect(parseConfig(d.config)).toEqual(d.config);
    }), { seed: 42, numRuns: 500 });
  });

  it('arbitrary JSON values, encoded properly, never throw', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => {
      const d = decodeHash('#config=' + b64url(JSON.stringify(v)));
      expect(['ok', 'error']).toContain(d.kind);
      if (d.kind === 'error') expect(d.message.length).toBeGreaterThan(0);
    }), { seed: 7, numRuns: 500 });
  });

  it('mutated valid configs are either valid or rejected with a field name', () => {
    const mutation = fc.record({
      path: fc.constantFrom('seed', 'dataset', 'model', 'train', 'scenario', 'methods', 'eval', 'backend', 'extra'),
      value: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(undefined)),
    });
    fc.assert(fc.property(mutation, ({ path, value }) => {
      const raw: Record<string, unknown> = { ...DEFAULT_CONFIG, [path]: value };
      const d = decodeHash('#config=' + b64url(JSON.stringify(raw)));
      if (d.kind === 'error') expect(d.message).toMatch(/config\.|\(root\)|dataset\.options/);
      else expect(d.kind).toBe('ok');
    }), { seed: 99, numRuns: 300 });
  });
});

describe('externalDatasetUrl', () => {
  it('reports the dataset URL a link would fetch', () => {
    expect(externalDatasetUrl(DEFAULT_CONFIG)).toBeNull();
    expect(externalDatasetUrl({ ...DEFAULT_CONFIG, dataset: { name: 'csv', options: { url: 'https://x.org/a.csv' } } })).toBe('https://x.org/a.csv');
  });
});
