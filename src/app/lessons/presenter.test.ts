import { describe, expect, it } from 'vitest';
import { presenterKey } from './Presenter';
import { describeExperiment, describeScenario } from './describe';
import { lesson1 } from './l1Unlearning';
import { lesson5 } from './l5Muda';
import { lesson7 } from './l7Backdoor';

describe('presenter keys', () => {
  it('arrows and page keys move, Esc leaves, anything else is left alone', () => {
    expect(presenterKey({ key: 'ArrowRight' })).toBe('next');
    expect(presenterKey({ key: 'PageDown' })).toBe('next');
    expect(presenterKey({ key: 'ArrowLeft' })).toBe('prev');
    expect(presenterKey({ key: 'PageUp' })).toBe('prev');
    expect(presenterKey({ key: 'Escape' })).toBe('exit');
    expect(presenterKey({ key: 'a' })).toBeNull();
    expect(presenterKey({ key: 'ArrowRight', ctrlKey: true })).toBeNull();
  });

  it('keys typed into a form control keep their meaning (radio arrows pick answers), except Esc', () => {
    const radio = { tagName: 'INPUT' } as unknown as EventTarget;
    expect(presenterKey({ key: 'ArrowRight', target: radio })).toBeNull();
    expect(presenterKey({ key: 'Escape', target: radio })).toBe('exit');
    expect(presenterKey({ key: 'ArrowLeft', target: { tagName: 'BUTTON' } as unknown as EventTarget })).toBe('prev');
  });
});

describe('the experiment in words', () => {
  it('describes data, model, forget set and the models a lesson runs, leaving out ablations switched off', () => {
    const facts = describeExperiment(lesson5.config, lesson5.runs, new Set(['muda-joint']));
    expect(facts[0]).toBe('Data: MNIST, 2,500 training images');
    expect(facts[1]).toBe('Model: MLP 784-256-128-10, 4 epochs (adam, lr 0.001, batch 64)');
    expect(facts[2]).toBe('Forget set: forget every training sample of class 3');
    expect(facts[3]).toBe('Models: Original, Retrain, MUDA, MUDA, no DA, MUDA, no distillation');
    expect(describeExperiment(lesson1.config, lesson1.runs)[1]).toContain('MLP 2-32-16-4');
    expect(describeScenario(lesson7.config.scenario)).toBe('5 % of the training images poisoned with a trigger and label 0; forget them');
  });
});
