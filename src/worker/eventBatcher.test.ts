import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../engine/events';
import { EventBatcher } from './eventBatcher';

function setup() {
  const sent: LabEvent[][] = [];
  const timers: (() => void)[] = [];
  const b = new EventBatcher((batch) => sent.push(batch), 100, (fn) => timers.push(fn), () => timers.splice(0));
  return { b, sent, timers };
}
const step = (i: number): LabEvent => ({ type: 'train-step', modelId: 'original', epoch: 0, step: i, loss: 1 });
const progress = (f: number): LabEvent => ({ type: 'progress', modelId: 'original', fraction: f, etaMs: 0, message: '' });

describe('EventBatcher', () => {
  it('collects routine events into one message per interval', () => {
    const { b, sent, timers } = setup();
    b.push(step(0));
    b.push(step(1));
    expect(sent).toEqual([]);
    expect(timers).toHaveLength(1);
    timers[0]();
    expect(sent).toEqual([[step(0), step(1)]]);
  });

  it('keeps only the latest progress of a model', () => {
    const { b, sent, timers } = setup();
    b.push(progress(0.1));
    b.push(step(0));
    b.push(progress(0.2));
    timers[0]();
    expect(sent[0]).toEqual([step(0), progress(0.2)]);
  });

  it('flushes at once, in order, when a model finishes', () => {
    const { b, sent, timers } = setup();
    b.push(step(0));
    const done: LabEvent = { type: 'phase', phase: 'evaluate', modelId: 'original', label: 'x' };
    b.push(done);
    expect(sent).toEqual([[step(0), done]]);
    expect(timers).toHaveLength(0);
  });

  it('an error log is urgent, an info log is not', () => {
    const { b, sent } = setup();
    b.push({ type: 'log', level: 'info', message: 'a' });
    expect(sent).toHaveLength(0);
    b.push({ type: 'log', level: 'error', message: 'b' });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toHaveLength(2);
  });

  it('a finished tuning trial is urgent: the Pareto plot gains its point at once', () => {
    const { b, sent } = setup();
    b.push(progress(0.5));
    b.push({ type: 'tune-trial', method: 'ga', trial: { index: 1, params: { lr: 0.01 }, objective: 2, status: 'ok' } });
    expect(sent).toHaveLength(1);
    expect(sent[0].map((e) => e.type)).toEqual(['progress', 'tune-trial']);
  });
});
