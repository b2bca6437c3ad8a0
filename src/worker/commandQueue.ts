/**
 * Runs the worker's commands one at a time, in the order they arrive: two
 * experiments started at once are queued, never interleaved (the session's
 * models and tfjs state are shared). Each command gets its own AbortSignal;
 * cancel() aborts the running command and every queued one.
 */
import { CancelledError } from '../engine/errors';

export class CommandQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private current: { label: string; controller: AbortController } | null = null;
  private readonly waiting = new Set<AbortController>();

  /** Label of the running command, if any. */
  get running(): string | null {
    return this.current?.label ?? null;
  }

  get queued(): number {
    return this.waiting.size;
  }

  run<T>(label: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    this.waiting.add(controller);
    const result = this.tail.then(async () => {
      this.waiting.delete(controller);
      if (controller.signal.aborted) throw new CancelledError(label);
      this.current = { label, controller };
      try {
        return await fn(controller.signal);
      } finally {
        this.current = null;
      }
    });
    // The chain goes on whatever this command did.
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Aborts the running command and drops the queued ones; returns how many were affected. */
  cancel(): number {
    let n = 0;
    if (this.current && !this.current.controller.signal.aborted) {
      this.current.controller.abort(new CancelledError(this.current.label));
      n++;
    }
    for (const c of this.waiting) {
      if (!c.signal.aborted) {
        c.abort();
        n++;
      }
    }
    return n;
  }
}
