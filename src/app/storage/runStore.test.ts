import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../engine/config';
import type { WeightSnapshot } from '../../engine/models/model';
import { results } from '../testing/fixtures';
import { compactResults, defaultName, isQuotaError, KEPT_ORIGINALS, RunStore } from './runStore';

function snapshot(values: number[]): WeightSnapshot {
  return { config: DEFAULT_CONFIG.model, inputShape: [784], numClasses: 10, tensors: [{ name: 'head/bias', shape: [values.length], data: new Float32Array(values) }] };
}

let factory: IDBFactory;
let clock: number;
let ids: number;
async function open(): Promise<RunStore> {
  return RunStore.open({ factory, now: () => new Date(Date.UTC(2026, 10, 28, 10, 0, clock++)), newId: () => `run-${ids++}` });
}

beforeEach(() => {
  factory = new IDBFactory();
  clock = 0;
  ids = 1;
});

describe('RunStore', () => {
  it('keeps a finished run with its Results and weights across reopening', async () => {
    const store = await open();
    const rec = await store.start(DEFAULT_CONFIG, ['retrain', 'muda'], { name: 'first' });
    expect(rec.status).toBe('running');
    await store.finish(rec.id, results(), { muda: snapshot([1, 2, 3]) });
    store.close();

    const again = await open();
    const [saved] = await again.list();
    expect(saved.name).toBe('first');
    expect(saved.status).toBe('done');
    expect(saved.results?.models.muda.metrics.UA).toBe(0.97);
    expect(saved.weightIds).toEqual(['muda']);
    const w = await again.weights(rec.id);
    expect(Array.from(w.muda.tensors[0].data)).toEqual([1, 2, 3]);
    expect(w.muda.tensors[0].data).toBeInstanceOf(Float32Array);
  });

  it('lists newest first', async () => {
    const store = await open();
    await store.start(DEFAULT_CONFIG, ['ga'], { name: 'old' });
    await store.start(DEFAULT_CONFIG, ['ga'], { name: 'new' });
    expect((await store.list()).map((r) => r.name)).toEqual(['new', 'old']);
  });

  it('marks running records without a live page as interrupted, and leaves live ones alone', async () => {
    const store = await open();
    const dead = await store.start(DEFAULT_CONFIG, ['muda']);
    const alive = await store.start(DEFAULT_CONFIG, ['ga']);
    const finished = await store.start(DEFAULT_CONFIG, ['rl']);
    await store.finish(finished.id, results(), {});
    const marked = await store.markInterrupted((id) => id === alive.id);
    expect(marked).toEqual([dead.id]);
    expect((await store.get(dead.id))?.status).toBe('interrupted');
    expect((await store.get(dead.id))?.message).toContain('reloaded');
    expect((await store.get(alive.id))?.status).toBe('running');
    expect((await store.get(finished.id))?.status).toBe('done');
  });

  it('renames, trimming and refusing an empty name', async () => {
    const store = await open();
    const rec = await store.start(DEFAULT_CONFIG, ['muda']);
    await store.rename(rec.id, '  MUDA on class 3  ');
    expect((await store.get(rec.id))?.name).toBe('MUDA on class 3');
    await expect(store.rename(rec.id, '   ')).rejects.toThrow('cannot be empty');
    await expect(store.rename('nope', 'x')).rejects.toThrow('not in the store');
  });

  it('deletes a run together with its weights, leaving others', async () => {
    const store = await open();
    const a = await store.start(DEFAULT_CONFIG, ['muda']);
    const b = await store.start(DEFAULT_CONFIG, ['muda']);
    await store.finish(a.id, results(), { muda: snapshot([1]), ga: snapshot([2]) });
    await store.finish(b.id, results(), { muda: snapshot([3]) });
    await store.delete(a.id);
    expect((await store.list()).map((r) => r.id)).toEqual([b.id]);
    expect(await store.weights(a.id)).toEqual({});
    expect(Array.from((await store.weights(b.id)).muda.tensors[0].data)).toEqual([3]);
  });

  it('finishing an unknown run fails and writes nothing', async () => {
    const store = await open();
    await expect(store.finish('ghost', results(), { muda: snapshot([1]) })).rejects.toThrow('not in the store');
    expect(await store.list()).toEqual([]);
    expect(await store.weights('ghost')).toEqual({});
  });

  it('ends a run as cancelled with its reason', async () => {
    const store = await open();
    const rec = await store.start(DEFAULT_CONFIG, ['muda']);
    await store.end(rec.id, 'cancelled', 'cancelled by the user');
    expect(await store.get(rec.id)).toMatchObject({ status: 'cancelled', message: 'cancelled by the user' });
  });

  it('stores imported Results as a run of their own', async () => {
    const store = await open();
    const rec = await store.addImported(results(), ' paper.json ');
    expect(rec).toMatchObject({ status: 'imported', name: 'paper.json', modelIds: ['original', 'retrain', 'muda', 'ga'] });
    expect((await store.get(rec.id))?.results?.split.forget).toBe(100);
  });
});

describe('RunStore: the run list keeps Results compact, the full ones are read on demand', () => {
  it('a finished or imported run lists its metrics without curves and plot data; fullResults has them all', async () => {
    const store = await open();
    const rec = await store.start(DEFAULT_CONFIG, ['retrain', 'muda', 'ga']);
    const full = results();
    await store.finish(rec.id, full, {});
    const [listed] = await store.list();
    expect(listed.results?.models.muda.metrics).toEqual(full.models.muda.metrics);
    expect(listed.results?.models.muda.curves).toEqual([]);
    expect(listed.results?.models.muda.views).toBeUndefined();
    expect(await store.fullResults(rec.id)).toEqual(full);
    expect(compactResults(full).models.retrain.label).toBe(full.models.retrain.label);
    const imported = await store.addImported(full, 'paper');
    expect((await store.get(imported.id))?.results?.models.muda.views).toBeUndefined();
    expect((await store.fullResults(imported.id))?.models.muda.views).toEqual(full.models.muda.views);
    await store.delete(rec.id);
    expect(await store.fullResults(rec.id)).toBeUndefined();
  });

  it('a version-1 database is upgraded: each run\'s full Results move to their own store, the list keeps them compact', async () => {
    const full = results();
    await new Promise<void>((resolve, reject) => {
      const open1 = factory.open('unlearning-lab', 1);
      open1.onupgradeneeded = () => {
        const db = open1.result;
        db.createObjectStore('runs', { keyPath: 'id' }).put({ id: 'old', name: 'from v1', status: 'done', createdAt: 'a', updatedAt: 'a', config: DEFAULT_CONFIG, modelIds: ['muda'], results: full, weightIds: [] });
        db.createObjectStore('weights', { keyPath: 'key' }).createIndex('runId', 'runId');
      };
      open1.onsuccess = () => {
        open1.result.close();
        resolve();
      };
      open1.onerror = () => reject(open1.error ?? new Error('v1 did not open'));
    });
    const store = await open();
    const [listed] = await store.list();
    expect(listed).toMatchObject({ id: 'old', name: 'from v1' });
    expect(listed.results?.models.muda.curves).toEqual([]);
    expect(await store.fullResults('old')).toEqual(full);
    // Version 3's store of trained Originals is there too.
    await store.keepOriginal('k', snapshot([1]), 10);
    expect((await store.original('k'))?.timeMs).toBe(10);
  });

  it('another tab that upgrades or deletes the database is not blocked: this one closes, and reopens on its next use', async () => {
    const store = await open();
    await store.start(DEFAULT_CONFIG, ['ga'], { name: 'before' });
    await new Promise<void>((resolve, reject) => {
      const del = factory.deleteDatabase('unlearning-lab');
      del.onsuccess = () => resolve();
      del.onerror = () => reject(del.error ?? new Error('delete failed'));
      del.onblocked = () => reject(new Error('blocked by the open store'));
    });
    expect(await store.list()).toEqual([]);
    await store.start(DEFAULT_CONFIG, ['ga'], { name: 'after' });
    expect((await store.list()).map((r) => r.name)).toEqual(['after']);
  });
});

describe('RunStore: trained Originals', () => {
  it('keeps one per key across reopening, replacing an older one under the same key', async () => {
    const store = await open();
    await store.keepOriginal('a', snapshot([1]), 100);
    await store.keepOriginal('a', snapshot([2]), 200);
    store.close();
    const again = await open();
    const kept = await again.original('a');
    expect(kept?.timeMs).toBe(200);
    expect(Array.from(kept!.snapshot.tensors[0].data)).toEqual([2]);
    expect(await again.original('b')).toBeUndefined();
  });

  it(`keeps the ${KEPT_ORIGINALS} most recent keys and drops the oldest`, async () => {
    const store = await open();
    const keys = Array.from({ length: KEPT_ORIGINALS + 2 }, (_, i) => `key-${i}`);
    for (const k of keys) await store.keepOriginal(k, snapshot([1]), 1);
    // Keeping an old key again makes it the newest.
    await store.keepOriginal(keys[2], snapshot([3]), 1);
    const present = [];
    for (const k of keys) if (await store.original(k)) present.push(k);
    expect(present).toEqual([keys[2], ...keys.slice(-(KEPT_ORIGINALS - 1))].sort());
  });

  it('records which button made a run, for Re-run', async () => {
    const store = await open();
    const rec = await store.start(DEFAULT_CONFIG, ['muda'], { kind: 'experiment' });
    expect((await store.get(rec.id))?.kind).toBe('experiment');
    expect((await store.start(DEFAULT_CONFIG, ['ga'])).kind).toBeUndefined();
  });
});

describe('RunStore: making room', () => {
  it('deleteWeights frees a run\'s weights and keeps its Results', async () => {
    const store = await open();
    const rec = await store.start(DEFAULT_CONFIG, ['muda']);
    await store.finish(rec.id, results(), { muda: snapshot([1, 2]) });
    await store.deleteWeights(rec.id);
    expect(await store.weights(rec.id)).toEqual({});
    expect(await store.get(rec.id)).toMatchObject({ weightIds: [], status: 'done' });
    expect((await store.fullResults(rec.id))?.models.muda.metrics.UA).toBe(0.97);
  });

  it('tells a full storage quota from other write failures', () => {
    expect(isQuotaError(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaError(new Error('IndexedDB transaction aborted'))).toBe(false);
    expect(isQuotaError('quota')).toBe(false);
  });
});

describe('defaultName', () => {
  it('says dataset, model, scenario, models and time', () => {
    const at = new Date(2026, 10, 28, 9, 5, 7);
    expect(defaultName(DEFAULT_CONFIG, ['retrain', 'muda'], at)).toBe('mnist mlp — forget class 3 — retrain, muda (09:05:07)');
    expect(defaultName({ ...DEFAULT_CONFIG, scenario: { kind: 'random', fraction: 0.1 } }, ['ga'], at)).toBe('mnist mlp — forget 10% — ga (09:05:07)');
    expect(defaultName({ ...DEFAULT_CONFIG, scenario: { kind: 'indices', indices: [1, 2] } }, ['ga'], at)).toBe('mnist mlp — forget 2 picked — ga (09:05:07)');
  });
});
