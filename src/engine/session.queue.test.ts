/**
 * Reliability, "two experiments started at once → queued or refused, never
 * interleaved": LabSession runs its actions one after another, in the order
 * they were started, whatever the caller awaits.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from './config';
import type { LabEvent } from './events';
import { LabSession } from './session';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const config = parseConfig({
  schemaVersion: 1,
  seed: 9,
  dataset: { name: 'blobs', options: { n: 240, classes: 3 } },
  model: { kind: 'mlp', hidden: [12], featureDim: 6 },
  train: { epochs: 2, batchSize: 32, lr: 0.01 },
  scenario: { kind: 'class', class: 0 },
  methods: [{ id: 'ga' }],
  eval: { retainReferenceSize: 60, curveSubsetSize: 40, everySteps: 2, relearn: false },
});

/** The model ids of the run's events, with consecutive repeats folded: [a, a, b, b, a] → [a, b, a]. */
function blocks(events: LabEvent[]): string[] {
  const ids = events.flatMap((e) => ('modelId' in e && e.modelId ? [e.modelId] : []));
  return ids.filter((id, i) => i === 0 || ids[i - 1] !== id);
}

describe('lab session queue', () => {
  it('actions started at once run one after another, in order, never interleaved', async () => {
    const events: LabEvent[] = [];
    const s = new LabSession((e) => events.push(e));
    const ctl = new AbortController();
    // Nothing awaited in between: the UI double-clicking, or two tabs' commands.
    const prepared = s.prepare(config);
    const original = s.trainOriginal(ctl.signal);
    const ga = s.runMethod({ id: 'ga', params: { epochs: 2 } }, ctl.signal);
    const ft = s.runMethod({ id: 'ft', params: { epochs: 3 } }, ctl.signal);
    const results = await Promise.all([prepared, original, ga, ft]);
    expect(results[2].method).toBe('ga');
    expect(results[3].method).toBe('ft');
    // Each action's events form one block; the Original is trained once (ga does not start a second training).
    expect(blocks(events)).toEqual(['data', 'original', 'ga', 'ft']);
    expect(events.filter((e) => e.type === 'phase' && e.phase === 'train')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'progress' && e.modelId === 'ga').length).toBeGreaterThanOrEqual(2);
    expect(events.filter((e) => e.type === 'progress' && e.modelId === 'ft').length).toBeGreaterThanOrEqual(2);
    expect(s.modelIds()).toEqual(['original', 'ga', 'ft']);
    s.dispose();
  });

  it('a failing action does not block the queue, and a scenario change waits for the run before it', async () => {
    const events: LabEvent[] = [];
    const s = new LabSession((e) => events.push(e));
    const ctl = new AbortController();
    await s.prepare(config);
    await s.trainOriginal(ctl.signal);
    const bad = s.runMethod({ id: 'no-such-method' }, ctl.signal);
    const ga = s.runMethod({ id: 'ga', params: { epochs: 1 } }, ctl.signal);
    const rescoped = s.setScenario({ kind: 'class', class: 1 });
    await expect(bad).rejects.toThrow(/no-such-method/);
    const gaResult = await ga;
    expect(gaResult.status).toBe('ok');
    const summary = await rescoped;
    expect(summary.scenario).toEqual({ kind: 'class', class: 1 });
    // GA ran on the old forget set to the end; the new forget set dropped it afterwards, keeping the Original.
    expect(events.findIndex((e) => e.type === 'model-done' && e.modelId === 'ga')).toBeGreaterThan(-1);
    expect(s.modelIds()).toEqual(['original']);
    s.dispose();
  });
});
