/**
 * A forget scenario made concrete: the dataset as the models are trained on it,
 * and seeded, disjoint index lists into its training split.
 */
import type { ScenarioConfig } from '../config';
import type { Dataset, Split } from './dataset';

export interface UnlearningData {
  /** As trained: backdoor-poisoned images, or sub-class labels merged into their coarse class. */
  dataset: Dataset;
  scenario: ScenarioConfig;
  /** Training indices of D_f, sorted. */
  forget: Int32Array;
  /** Training indices of D_r = train \ D_f, sorted. */
  retain: Int32Array;
  /** Seeded subset of D_r: the retain reference for features, DA, CKA, LP. */
  retainRef: Int32Array;
  /** Test indices for TA: class-wise scenarios exclude the forgotten (sub-)class. */
  test: Int32Array;
  /** Test indices of the forgotten (sub-)class, for forgetTestAcc. */
  forgetClassTest?: Int32Array;
  /** Backdoor: test images of non-target classes with the trigger, for the attack success rate. */
  backdoor?: { target: number; triggeredTest: Split };
  /** Fixed, seeded small subsets for the live curves while methods run. */
  curve: { forget: Int32Array; test: Int32Array; retainRef: Int32Array };
}
