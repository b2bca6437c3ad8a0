/**
 * LessonCommands over the lab's LabClient and store: a lesson drives the lab
 * exactly as a person would with the panels — set the config (prepare),
 * Train Original, tick one method with its parameters and "Run selected" —
 * so every lesson run is an ordinary run: shown in the panels and plots,
 * kept in the Runs list, cancellable from the status bar.
 */
import type { ExperimentConfig, MethodRun } from '../../engine/config';
import type { ModelResult } from '../../engine/results';
import type { DataSummary } from '../../engine/sessionTypes';
import type { LabClient } from '../labClient';
import type { LabState } from '../store/state';
import type { Store } from '../store/store';
import type { LessonCommands, Outcome } from './runner';

/** Resolves when `test(state)` holds, or with false after `timeoutMs`. */
export function waitForState(store: Store, test: (s: LabState) => boolean, timeoutMs: number): Promise<boolean> {
  if (test(store.getState())) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      unsubscribe();
      resolve(test(store.getState()));
    }, timeoutMs);
    const unsubscribe = store.subscribe(() => {
      if (!test(store.getState())) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(true);
    });
  });
}

/** The prepared data is the one `config` asks for (name, forget scenario, and the MNIST subset size when given). */
export function dataMatches(data: DataSummary | null, config: ExperimentConfig): boolean {
  if (!data || data.name !== config.dataset.name) return false;
  if (JSON.stringify(data.scenario) !== JSON.stringify(config.scenario)) return false;
  const trainSize = config.dataset.options.trainSize;
  return typeof trainSize !== 'number' || data.split.train === trainSize;
}

/**
 * Two results of one method are the same run when these agree: a new run
 * always has a new wall time (sub-millisecond clock), so an unchanged
 * fingerprint after "Run selected" means the method did not finish.
 */
export function fingerprint(r: ModelResult | undefined): string {
  return r ? JSON.stringify([r.timeMs, r.params ?? null, r.metrics.UA, r.metrics.DA ?? null]) : '';
}

const isCancelText = (t: string | undefined) => !!t && /\bcancell?ed\b/i.test(t);

export const METHODS_TIMEOUT_MS = 120_000;

export function clientCommands(client: LabClient, store: Store): LessonCommands {
  /** The notice the client showed during a command, if it is new (its error or cancel message). */
  const noticeSince = (before: LabState['notice']): string | undefined => {
    const n = store.getState().notice;
    return n && n !== before ? n.text : undefined;
  };

  return {
    async ready(): Promise<Outcome> {
      const ok = await waitForState(store, (s) => s.methods.length > 0, METHODS_TIMEOUT_MS);
      return ok ? { ok: true } : { ok: false, message: 'The compute engine has not started yet (no method list); reload the page if this persists.' };
    },

    async apply(config: ExperimentConfig): Promise<Outcome> {
      const before = store.getState().notice;
      await client.setConfig(config);
      const s = store.getState();
      if (s.dataStatus === 'ready' && dataMatches(s.data, config)) return { ok: true };
      const why = noticeSince(before);
      return { ok: false, message: why ?? 'the lab is still showing other data', cancelled: isCancelText(why) };
    },

    async trainOriginal(): Promise<Outcome> {
      const before = store.getState().notice;
      const ok = await client.trainOriginal();
      if (ok && store.getState().models.original) return { ok: true };
      const why = noticeSince(before);
      return { ok: false, message: why ?? 'Original was not trained', cancelled: isCancelText(why) };
    },

    async runMethod(run: MethodRun): Promise<Outcome<{ result: ModelResult }>> {
      const s = store.getState();
      const info = s.methods.find((m) => m.id === run.id);
      if (!info) return { ok: false, message: `the lab has no method "${run.id}"` };
      // Exactly this method, with the lesson's parameters on top of the defaults: what "Run selected" will run.
      for (const m of s.methods) store.dispatch({ type: 'ui:method-check', id: m.id, checked: m.id === run.id });
      for (const p of info.params) {
        const v = run.params?.[p.name];
        store.dispatch({ type: 'ui:method-param', id: run.id, name: p.name, value: typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' ? v : p.default });
      }
      const before = fingerprint(s.models[run.id]);
      const noticeBefore = s.notice;
      await client.runSelected();
      const after = store.getState().models[run.id];
      if (after && fingerprint(after) !== before) return { ok: true, result: after };
      const why = noticeSince(noticeBefore);
      return { ok: false, message: why ?? `${info.label} did not finish`, cancelled: isCancelText(why) };
    },

    session() {
      const s = store.getState();
      return { models: s.models, methods: s.methods, data: s.data };
    },
  };
}
