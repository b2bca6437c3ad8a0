import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../engine/config';
import type { RunRecord, RunStore } from '../storage/runStore';
import { initialState } from '../store/state';
import { createStore } from '../store/store';
import { StoredRuns } from './storedRuns';

const rec = (status: RunRecord['status'], updatedAt: string): RunRecord => ({ id: 'r', name: 'r', status, createdAt: 'a', updatedAt, config: DEFAULT_CONFIG, modelIds: [], weightIds: [] });

describe('StoredRuns listing', () => {
  it('a listing that comes back after a later one started is dropped: the run list never goes back to an older state', async () => {
    // A run's start lists without waiting and its end lists again; here the start's listing answers last.
    const answers: ((r: RunRecord[]) => void)[] = [];
    const fake = { list: () => new Promise<RunRecord[]>((resolve) => answers.push(resolve)) } as unknown as RunStore;
    const store = createStore(initialState(DEFAULT_CONFIG), { schedule: (fn) => fn() });
    const stored = new StoredRuns(store, fake, null);
    const atStart = stored.load(false);
    const atEnd = stored.load(false);
    await new Promise((r) => setTimeout(r, 0));
    answers[1]([rec('done', 't1')]);
    await atEnd;
    answers[0]([rec('running', 't0')]);
    await atStart;
    expect(store.getState().runs?.map((r) => r.status)).toEqual(['done']);
  });
});
