/** The store and the client, handed to every panel through React context. */
import { createContext, useContext } from 'react';
import type { LabClient } from './labClient';
import type { LabState } from './store/state';
import { useLab as useStoreSlice, type Store } from './store/store';

export interface LabContextValue {
  store: Store;
  client: LabClient;
}

export const LabContext = createContext<LabContextValue | null>(null);

export function useLabContext(): LabContextValue {
  const v = useContext(LabContext);
  if (!v) throw new Error('LabContext is missing');
  return v;
}

/** A slice of the state; the selector must return a part of it (a stable reference). */
export function useLab<T>(selector: (s: LabState) => T): T {
  return useStoreSlice(useLabContext().store, selector);
}

export function useClient(): LabClient {
  return useLabContext().client;
}

export function useDispatch(): Store['dispatch'] {
  return useLabContext().store.dispatch;
}
