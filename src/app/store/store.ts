/**
 * The one store: holds LabState, applies actions through the pure reducer,
 * and tells React. Worker events can arrive hundreds per second (one per
 * training batch), so their notifications are coalesced to at most one per
 * `minIntervalMs`; the person's own actions notify at once (inputs stay responsive).
 */
import { useSyncExternalStore } from 'react';
import { reduce, type Action } from './reducer';
import type { LabState } from './state';

export interface Store {
  /** The latest state (for commands and logic). */
  getState(): LabState;
  /** The state as last published to React. */
  getSnapshot(): LabState;
  dispatch(a: Action): void;
  subscribe(listener: () => void): () => void;
}

export interface StoreOptions {
  minIntervalMs?: number;
  now?: () => number;
  schedule?: (fn: () => void, ms: number) => unknown;
}

export function createStore(initial: LabState, opts: StoreOptions = {}): Store {
  const minIntervalMs = opts.minIntervalMs ?? 50;
  const now = opts.now ?? (() => performance.now());
  const schedule = opts.schedule ?? ((fn, ms) => setTimeout(fn, ms));
  let state = initial;
  let published = initial;
  let scheduled = false;
  let lastFlush = -Infinity;
  const listeners = new Set<() => void>();

  function flush(): void {
    scheduled = false;
    lastFlush = now();
    if (published === state) return;
    published = state;
    for (const l of [...listeners]) l();
  }

  return {
    getState: () => state,
    // React reads the published snapshot, so a render never sees a half-coalesced burst.
    getSnapshot: () => published,
    dispatch(a) {
      state = reduce(state, a);
      if (a.type.startsWith('ui:')) {
        flush();
        return;
      }
      if (scheduled) return;
      scheduled = true;
      schedule(flush, Math.max(0, minIntervalMs - (now() - lastFlush)));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Subscribes a component to a slice of the state; the selector must return a part of the state (a stable reference), not a new object. */
export function useLab<T>(store: Store, selector: (s: LabState) => T): T {
  return useSyncExternalStore(store.subscribe, () => selector(store.getSnapshot()));
}
