/**
 * Lesson 6 describes the feature-level checks as evaluate.ts runs them: the
 * linear probe is fitted on the retain reference plus half of the forget set
 * (docs/metrics.md, "LP"), and NMI / F1 cluster a forget sample together with
 * the retain reference (issue #15).
 */
import { describe, expect, it } from 'vitest';
import type { ModelResult } from '../../engine/results';
import { lesson6, singleClassForget } from './l6Measuring';
import { measuredFor, MNIST_MODELS } from './testFixtures';

const KEYS = ['original', 'retrain', 'rl', 'muda'];
const models = (over: (r: ModelResult) => ModelResult = (r) => r) => Object.fromEntries(KEYS.map((k) => [k, over(MNIST_MODELS[k])]));

describe('lesson 6: what the feature-level checks are fitted on', () => {
  it('the intro says the probe is fitted on the retain reference plus half of the forget set, and tested on the other half', () => {
    const intro = lesson6.intro.join('\n');
    expect(intro).toContain('fit a new linear head on the frozen features of the retain reference plus half of the forget set, and test it on the other half');
  });

  it('the measured text names the retain reference and its size (500 samples in the lesson\'s config) as part of the probe\'s fit set', () => {
    const m = measuredFor(lesson6, models());
    expect(m.config.eval.retainReferenceSize).toBe(500);
    const t = lesson6.measured(m).join('\n');
    expect(t).toContain('LP — a new linear head fitted on the frozen features of the retain reference (500 retain samples) plus half of the forget set, scored on the other half');
    expect(t).not.toMatch(/fitted on the frozen features with half of the forget set/);
  });

  it('with results of the forget ∪ retain-reference clustering (clusterInfo.forgetSize), NMI is read as measured, not as "0 by construction"', () => {
    const clustered = models((r) => ({ ...r, metrics: { ...r.metrics, NMI: 0.8, clusterInfo: { k: 10, seed: 1, restarts: 5, forgetSize: 56, retainSize: 500 } } }));
    const m = measuredFor(lesson6, clustered);
    expect(singleClassForget(m)).toBe(false);
    const t = lesson6.measured(m).join('\n');
    expect(t).toContain('Clustering (k-means, one cluster per class) of 56 forget samples with the 500 retain-reference samples, scored against their true labels: NMI Original 0.800');
    expect(t).not.toContain('NMI is 0 by construction');
  });

  it('results from before that protocol (no forgetSize) on a one-class forget set still say NMI is 0 by construction there', () => {
    const m = measuredFor(lesson6, models());
    expect(singleClassForget(m)).toBe(true);
    expect(lesson6.measured(m).join('\n')).toContain('These results clustered the forget set alone');
  });
});
