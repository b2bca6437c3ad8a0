import { describe, expect, it } from 'vitest';
import { LESSONS } from './index';
import { CLASS_MINUTES, PLAN } from './plan';

describe("the teacher's plan", () => {
  it(`has a step for every lesson, adding up to the ${CLASS_MINUTES}-minute class`, () => {
    expect(Object.keys(PLAN).sort()).toEqual(LESSONS.map((l) => l.id).sort());
    expect(Object.values(PLAN).reduce((a, p) => a + p.minutes, 0)).toBe(CLASS_MINUTES);
    for (const p of Object.values(PLAN)) expect(p.say.length).toBeGreaterThan(40);
  });

  it('each lesson gets at least as many minutes as its run is expected to take', () => {
    for (const l of LESSONS) expect(PLAN[l.id].minutes, l.id).toBeGreaterThanOrEqual(l.runMinutes);
  });
});
