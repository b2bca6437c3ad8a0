/**
 * Sends the engine's events to the page in batches: one message every
 * `intervalMs` instead of one per training step. Each message is a task on
 * the page's main thread (and a reply through comlink), which on a slow
 * machine competes with drawing. Progress is coalesced to its latest value;
 * events that change what the page shows at once (a phase, a finished model
 * or tuning trial, an error) flush immediately, in order.
 */
import type { LabEvent } from '../engine/events';

const URGENT: ReadonlySet<LabEvent['type']> = new Set(['phase', 'model-done', 'tune-trial', 'done', 'error', 'backend']);

export class EventBatcher {
  private buffer: LabEvent[] = [];
  private timer: unknown = null;

  constructor(
    private readonly send: (batch: LabEvent[]) => void,
    private readonly intervalMs = 100,
    private readonly schedule: (fn: () => void, ms: number) => unknown = (fn, ms) => setTimeout(fn, ms),
    private readonly cancelTimer: (t: unknown) => void = (t) => clearTimeout(t as ReturnType<typeof setTimeout>),
  ) {}

  push(e: LabEvent): void {
    if (e.type === 'progress') {
      // Only the latest progress of a model matters.
      const i = this.buffer.findIndex((b) => b.type === 'progress' && b.modelId === e.modelId);
      if (i >= 0) this.buffer.splice(i, 1);
    }
    this.buffer.push(e);
    if (URGENT.has(e.type) || (e.type === 'log' && e.level === 'error')) {
      this.flush();
      return;
    }
    this.timer ??= this.schedule(() => {
      this.timer = null;
      this.flush();
    }, this.intervalMs);
  }

  flush(): void {
    if (this.timer !== null) {
      this.cancelTimer(this.timer);
      this.timer = null;
    }
    if (!this.buffer.length) return;
    const batch = this.buffer;
    this.buffer = [];
    this.send(batch);
  }
}
