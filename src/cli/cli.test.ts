import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { parseConfig } from '../engine/config';
import { runExperiment } from '../engine/experiment';
import { methodIds } from '../engine/methods';
import { tinyExperiment } from '../engine/testing/tinyExperiment';
import { parseArgs } from './args';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;

function cli(args: string[]) {
  return run('npx', ['tsx', 'src/cli/main.ts', ...args], { cwd: root, timeout: 240_000 }).then(
    (r) => ({ code: 0, ...r }),
    (e) => ({ code: e.code as number, stdout: e.stdout as string, stderr: e.stderr as string }),
  );
}

describe('CLI arguments', () => {
  it('parses run with every flag', () => {
    expect(parseArgs(['run', '--config', 'c.json', '--out', 'r.json', '--methods', 'muda,ga', '--backend', 'cpu', '--seed', '4', '--dump-features', 'd'])).toEqual({
      command: 'run', config: 'c.json', out: 'r.json', methods: 'muda,ga', backend: 'cpu', seed: 4, dumpFeatures: 'd', quiet: false,
    });
  });
  it('parses tune with its defaults, and refuses what cannot work', () => {
    expect(parseArgs(['tune', '--config', 'c.json', '--out', 't.json'])).toEqual({
      command: 'tune', config: 'c.json', out: 't.json', methods: 'all', trials: 8, objective: 'avgGap', heldOut: 3,
      backend: undefined, emit: undefined, collect: undefined, quiet: false,
    });
    expect(parseArgs(['tune', '--config', 'c.json', '--emit', 'd', '--trials', '12', '--objective', 'ToW'])).toMatchObject({ trials: 12, objective: 'ToW', emit: 'd' });
    expect(() => parseArgs(['tune', '--config', 'c.json'])).toThrow(/needs --out FILE \(or --emit DIR\)/);
    expect(() => parseArgs(['tune', '--config', 'c', '--out', 'o', '--trials', '0'])).toThrow(/--trials must be a positive integer/);
    expect(() => parseArgs(['tune', '--config', 'c', '--out', 'o', '--objective', 'UA'])).toThrow(/--objective must be avgGap or ToW/);
    expect(() => parseArgs(['tune', '--config', 'c', '--emit', 'd', '--collect', 'd', '--out', 'o'])).toThrow(/not both/);
  });

  it('rejects unknown flags, missing values and bad seeds with one clear line', () => {
    expect(() => parseArgs(['run', '--config', 'c', '--out', 'o', '--metods', 'x'])).toThrow(/unknown flag --metods/);
    expect(() => parseArgs(['run', '--config'])).toThrow(/--config needs a value/);
    expect(() => parseArgs(['run', '--config', 'c', '--out', 'o', '--seed', '-1'])).toThrow(/--seed must be/);
    expect(() => parseArgs(['train'])).toThrow(/unknown command "train"/);
  });
});

describe('npm run lab -- run (headless, end to end)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lab-cli-'));
  const config = {
    schemaVersion: 1, seed: 2,
    dataset: { name: 'blobs', options: { n: 300, classes: 3 } },
    model: { kind: 'mlp', hidden: [16], featureDim: 8 },
    train: { epochs: 3, batchSize: 32, lr: 0.01 },
    scenario: { kind: 'class', class: 0 },
    eval: { retainReferenceSize: 80, curveSubsetSize: 40, relearn: false },
  };
  writeFileSync(join(dir, 'c.json'), JSON.stringify(config));

  it('writes a Results file with the config, seed and backend, and dumps features', async () => {
    const out = join(dir, 'r.json');
    const r = await cli(['run', '--config', join(dir, 'c.json'), '--out', out, '--methods', 'muda,ga', '--backend', 'cpu', '--dump-features', join(dir, 'f'), '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const res = JSON.parse(readFileSync(out, 'utf8'));
    expect(res.schemaVersion).toBe(1);
    expect(res.config.seed).toBe(2);
    expect(res.environment.backend).toBe('cpu');
    expect(Object.keys(res.models).sort()).toEqual(['ga', 'muda', 'original', 'retrain']);
    const files = readdirSync(join(dir, 'f')).sort();
    expect(files).toContain('muda.forget.json');
    expect(files.length).toBe(4 * 3);
    const dump = JSON.parse(readFileSync(join(dir, 'f', 'original.test.json'), 'utf8'));
    expect(dump.features.length).toBe(dump.indices.length * 8);
    expect(r.stderr).toMatch(/backend: cpu/);
    // On cpu the fused WebGPU path declines, and the CLI says why.
    expect(r.stderr).toMatch(/original trains with tfjs ops: the active tfjs backend is cpu, not webgpu/);
  }, 240_000);

  it('bad input exits non-zero with a one-line message and no stack trace', async () => {
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...config, modle: {} }));
    const r = await cli(['run', '--config', join(dir, 'bad.json'), '--out', join(dir, 'x.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('error: config.modle: unknown field "modle" (allowed: schemaVersion, seed, dataset, model, train, scenario, methods, eval, backend, methodDefaults, $comment)');
    const empty = { ...config, scenario: { kind: 'random', fraction: 0 } };
    writeFileSync(join(dir, 'empty.json'), JSON.stringify(empty));
    const r2 = await cli(['run', '--config', join(dir, 'empty.json'), '--out', join(dir, 'x.json'), '--backend', 'cpu']);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/error: the forget set is empty/);
    expect(r2.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);
});

describe('npm run lab -- tune --emit / --collect (trials run elsewhere)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lab-tune-'));
  const config = tinyExperiment();
  writeFileSync(join(dir, 'c.json'), JSON.stringify(config));

  it('emits one ordinary run config per trial, and collects their Results into a choice and held-out runs', async () => {
    const plan = join(dir, 'plan');
    const e = await cli(['tune', '--config', join(dir, 'c.json'), '--methods', 'ft', '--trials', '2', '--held-out', '1', '--emit', plan, '--backend', 'cpu']);
    expect(e.code, e.stderr).toBe(0);
    const trials = readdirSync(join(plan, 'trials')).sort();
    expect(trials).toEqual(['ft-trial00.json', 'ft-trial01.json']);
    // The "scheduler": run each trial config as `run` would, beside it, as F.results.json.
    await tf.setBackend('cpu');
    for (const f of trials) {
      const cfg = parseConfig(JSON.parse(readFileSync(join(plan, 'trials', f), 'utf8')), methodIds());
      expect(cfg.methods).toHaveLength(1);
      const r = await runExperiment(cfg, () => {}, new AbortController().signal);
      writeFileSync(join(plan, 'trials', f.replace('.json', '.results.json')), JSON.stringify(r));
    }
    const out = join(dir, 't.json');
    const c = await cli(['tune', '--collect', plan, '--out', out, '--quiet']);
    expect(c.code, c.stderr).toBe(0);
    const res = JSON.parse(readFileSync(out, 'utf8'));
    expect(res.tuning.methods.ft.trials.map((t: { objective: number }) => Number.isFinite(t.objective))).toEqual([true, true]);
    expect(res.tuning.heldOutSeeds).toEqual([3]);
    // Trial 0 is the defaults: chosen, they run once under the method's id; otherwise beside the tuned run as ft#defaults.
    const chosen = res.tuning.methods.ft.chosen;
    expect([0, 1]).toContain(chosen);
    expect(Object.keys(res.models).sort()).toEqual(chosen === 0 ? ['ft', 'original', 'retrain'] : ['ft', 'ft#defaults', 'original', 'retrain']);
    expect(c.stderr).toMatch(/ft: chose trial [01]; held-out avgGap/);
  }, 240_000);
});
