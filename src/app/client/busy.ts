/**
 * The page's busy indicator: which worker command is running and how many
 * wait behind it. Every command the page waits on goes through `track`, so a
 * failure always becomes a notice and the indicator never stays on.
 */
import type { Store } from '../store/store';
import { isCancel, messageOf } from './errorMessage';

/** What a tracked command came to: its value, or why it did not finish (a cancel is not an error). */
export type Tracked<T> = { ok: true; value: T } | { ok: false; cancelled: boolean; message: string };

export class BusyTracker {
  private readonly store: Store;
  private readonly pending: string[] = [];
  private readonly outer: string[] = [];

  constructor(store: Store) {
    this.store = store;
  }

  /** Runs one worker command with the busy indicator; errors become a notice (a cancel an info line). */
  async track<T>(label: string, work: () => Promise<T>): Promise<Tracked<T>> {
    this.begin(label, this.pending);
    try {
      return { ok: true, value: await work() };
    } catch (err) {
      const cancelled = isCancel(err);
      const message = messageOf(err);
      this.store.dispatch({ type: 'ui:notice', kind: cancelled ? 'info' : 'error', text: cancelled ? `${label}: cancelled; earlier results are kept.` : `${label}: ${message}` });
      return { ok: false, cancelled, message };
    } finally {
      this.end(label, this.pending);
    }
  }

  /**
   * Keeps the page busy for the whole of `work`, which spans several commands
   * (a whole "Run selected", up to the stored record); not counted as waiting.
   */
  async during<T>(label: string, work: () => Promise<T>): Promise<T> {
    this.begin(label, this.outer);
    try {
      return await work();
    } finally {
      this.end(label, this.outer);
    }
  }

  /** Synchronous: plots that wait for idle must see the page busy at once. */
  private begin(label: string, list: string[]): void {
    list.push(label);
    this.publish();
  }

  private end(label: string, list: string[]): void {
    list.splice(list.indexOf(label), 1);
    this.publish();
  }

  private publish(): void {
    const current = this.pending[0] ?? this.outer[0];
    if (current === undefined) this.store.dispatch({ type: 'ui:idle', queued: 0 });
    else this.store.dispatch({ type: 'ui:busy', command: current, label: current, queued: Math.max(0, this.pending.length - 1) });
  }
}
