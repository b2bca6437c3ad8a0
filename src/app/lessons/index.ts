/** The lessons, in teaching order: from what unlearning is to MUDA and how to measure it. */
import { lesson1 } from './l1Unlearning';
import { lesson2 } from './l2Eigenspaces';
import { lesson3 } from './l3Observation';
import { lesson4 } from './l4WrongSupervision';
import { lesson5 } from './l5Muda';
import { lesson6 } from './l6Measuring';
import { lesson7 } from './l7Backdoor';
import type { Lesson } from './types';

export const LESSONS: readonly Lesson[] = [lesson1, lesson2, lesson3, lesson4, lesson5, lesson6, lesson7];
