import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import { LabSession } from '../session';
import type { MethodTuning } from '../tuning/report';
import { SEARCH_SPACES } from '../tuning/searchSpace';
import { getMethod } from './index';
import { resolveParams } from './params';
import { defaultParamsFor, TUNED_DEFAULTS, tunedFamily, type ScenarioFamily } from './tunedDefaults';

const root = new URL('../../../', import.meta.url);
/** The tuning runs the table was read from (docs/experiments/tuned-defaults.md): the config as run, and its Results (curves and views dropped). */
const RUNS: Record<ScenarioFamily, string> = { class: 'mnist-class', subclass: 'fashion-subclass', random: 'mnist-random10' };
const readJson = (path: string) => JSON.parse(readFileSync(new URL(path, root), 'utf8'));

describe('tuned defaults', () => {
  it.each(Object.entries(RUNS))('%s: each method whose chosen trial beat its defaults on the held-out seeds has that trial\'s parameters, no other method any', (family, run) => {
    const config = parseConfig(readJson(`docs/experiments/tuned/${run}.config.json`));
    const { tuning } = readJson(`docs/experiments/tuned/${run}.results.json`) as { tuning: { methods: Record<string, MethodTuning>; trialsPerMethod: number } };
    expect(tunedFamily(config)).toBe(family);
    // Tuned from the reference defaults: trial 0 of every method was its reference code's defaults.
    expect(config.methodDefaults ?? 'reference').toBe('reference');
    expect(Object.keys(tuning.methods).sort()).toEqual(Object.keys(SEARCH_SPACES).sort());
    const expected: Record<string, unknown> = {};
    for (const [id, m] of Object.entries(tuning.methods)) {
      expect(m.trials).toHaveLength(tuning.trialsPerMethod);
      if (m.chosen === null || m.chosen === 0 || !m.heldOut) continue;
      if (m.heldOut.chosen.mean < m.heldOut.defaults.mean) expected[id] = m.trials.find((t) => t.index === m.chosen)!.params;
    }
    expect(TUNED_DEFAULTS[family as ScenarioFamily]).toEqual(expected);
  });

  it('are valid values of their methods\' parameters', () => {
    for (const table of Object.values(TUNED_DEFAULTS)) {
      for (const [id, params] of Object.entries(table)) expect(() => resolveParams(id, getMethod(id).params, params)).not.toThrow();
    }
  });

  it('apply only when the config asks for them, to the MLP on MNIST or Fashion-MNIST in a tuned scenario family', () => {
    const mnistClass = parseConfig({ methodDefaults: 'tuned' });
    const [method, params] = Object.entries(TUNED_DEFAULTS.class)[0];
    expect(defaultParamsFor(mnistClass, method)).toEqual(params);
    expect(defaultParamsFor({ ...mnistClass, methodDefaults: 'reference' }, method)).toEqual({});
    expect(defaultParamsFor({ ...mnistClass, methodDefaults: undefined }, method)).toEqual({});
    expect(defaultParamsFor(parseConfig({ methodDefaults: 'tuned', model: { kind: 'cnn' } }), method)).toEqual({});
    expect(defaultParamsFor(parseConfig({ methodDefaults: 'tuned', dataset: { name: 'moons', options: {} } }), method)).toEqual({});
    expect(defaultParamsFor(parseConfig({ methodDefaults: 'tuned', scenario: { kind: 'backdoor', fraction: 0.05, target: 0 } }), method)).toEqual({});
    expect(tunedFamily(parseConfig({ dataset: { name: 'fashion-mnist', options: {} }, scenario: { kind: 'subclass', group: [5, 7, 9], class: 7 } }))).toBe('subclass');
    expect(tunedFamily(parseConfig({ scenario: { kind: 'random', fraction: 0.1 } }))).toBe('random');
    expect(defaultParamsFor(mnistClass, 'retrain')).toEqual({});
  });

  it('config.methodDefaults: absent means the reference defaults (older configs rerun as they ran); anything but tuned or reference is refused by name', () => {
    expect(parseConfig({}).methodDefaults).toBeUndefined();
    expect(parseConfig({ methodDefaults: 'tuned' }).methodDefaults).toBe('tuned');
    expect(() => parseConfig({ methodDefaults: 'best' })).toThrow(/config\.methodDefaults.*tuned, reference/);
  });

  it('a session under methodDefaults "tuned" runs a method with them, a run\'s own params over them, and records what it ran with', async () => {
    await tf.setBackend('cpu');
    const tuned = TUNED_DEFAULTS.class.ft;
    const config = parseConfig({
      methodDefaults: 'tuned', dataset: { name: 'mnist', options: { trainSize: 300, testSize: 100 } },
      model: { kind: 'mlp', hidden: [16], featureDim: 8 }, train: { epochs: 1 }, methods: [{ id: 'ft' }],
      eval: { retainReferenceSize: 50, curveSubsetSize: 30, relearn: false },
    });
    const session = new LabSession(() => {});
    try {
      await session.prepare(config);
      const signal = new AbortController().signal;
      expect((await session.runMethod({ id: 'ft' }, signal)).params).toEqual({ ...resolveParams('ft', getMethod('ft').params), ...tuned });
      expect((await session.runMethod({ id: 'ft', params: { lr: 0.01 } }, signal, 'ft#lr')).params).toMatchObject({ ...tuned, lr: 0.01 });
    } finally {
      session.dispose();
    }
    const reference = new LabSession(() => {});
    try {
      await reference.prepare({ ...config, methodDefaults: 'reference' });
      expect((await reference.runMethod({ id: 'ft' }, new AbortController().signal)).params).toEqual(resolveParams('ft', getMethod('ft').params));
    } finally {
      reference.dispose();
    }
  }, 60_000);
});
