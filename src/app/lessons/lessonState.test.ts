import { describe, expect, it } from 'vitest';
import { initialLessonsState, reduceLessons, SLIDES, type LessonsAction, type LessonsState } from './lessonState';
import { emptyMeasured } from './runner';
import { lesson1 } from './l1Unlearning';

const N = 7;
const run = (s: LessonsState, ...actions: LessonsAction[]) => actions.reduce((x, a) => reduceLessons(x, a, N), s);

describe('lessons state', () => {
  it('next walks the four slides of a lesson — the question before what the lab measured —, then the next lesson; prev walks back', () => {
    expect(SLIDES).toEqual(['intro', 'look', 'question', 'measured']);
    let s = initialLessonsState();
    s = run(s, { type: 'next' }, { type: 'next' }, { type: 'next' });
    expect([s.index, SLIDES[s.slide]]).toEqual([0, 'measured']);
    s = run(s, { type: 'next' });
    expect([s.index, s.slide]).toEqual([1, 0]);
    s = run(s, { type: 'prev' });
    expect([s.index, SLIDES[s.slide]]).toEqual([0, 'measured']);
  });

  it('stops at the first slide of the first lesson; past the last slide of the last comes the summary, the end', () => {
    const start = initialLessonsState();
    expect(run(start, { type: 'prev' })).toBe(start);
    const last = run(start, { type: 'go', index: 99, slide: 99 });
    expect([last.index, last.slide, last.summary]).toEqual([N - 1, SLIDES.length - 1, false]);
    const summary = run(last, { type: 'next' });
    expect(summary.summary).toBe(true);
    expect(run(summary, { type: 'next' })).toBe(summary);
    expect(run(summary, { type: 'prev' })).toEqual(last);
    expect(run(summary, { type: 'go', index: 2 }).summary).toBe(false);
  });

  it('reveal and a show of hands are kept per lesson; a count never goes below zero', () => {
    let s = run(initialLessonsState(), { type: 'vote', lessonId: 'muda', choiceId: 'a', delta: 1 }, { type: 'vote', lessonId: 'muda', choiceId: 'a', delta: 1 }, { type: 'vote', lessonId: 'muda', choiceId: 'b', delta: -1 });
    expect(s.votes).toEqual({ muda: { a: 2, b: 0 } });
    s = run(s, { type: 'reveal', lessonId: 'muda' });
    expect(s.revealed).toEqual({ muda: true });
    s = run(s, { type: 'reset', lessonId: 'muda' });
    expect([s.votes, s.revealed]).toEqual([{}, {}]);
  });

  it('presenter mode opens the lessons; closing the lessons leaves presenter mode', () => {
    const s = run(initialLessonsState(), { type: 'presenter', on: true });
    expect([s.open, s.presenter]).toEqual([true, true]);
    expect(run(s, { type: 'open', open: false }).presenter).toBe(false);
    expect(run(s, { type: 'presenter', on: false }).open).toBe(true);
  });

  it('toggles optional runs off and on per lesson', () => {
    let s = run(initialLessonsState(), { type: 'toggle-run', lessonId: 'muda', key: 'muda-joint', on: false }, { type: 'toggle-run', lessonId: 'muda', key: 'muda-no-da', on: false });
    expect(s.off.muda).toEqual(['muda-joint', 'muda-no-da']);
    s = run(s, { type: 'toggle-run', lessonId: 'muda', key: 'muda-joint', on: true });
    expect(s.off.muda).toEqual(['muda-no-da']);
  });

  it('reset forgets the lesson\'s run, answer and toggles and goes back to its first slide — but not while it runs', () => {
    const done = { status: 'done' as const, current: null, measured: emptyMeasured(lesson1) };
    let s = run(initialLessonsState(), { type: 'go', index: 0, slide: 3 }, { type: 'record', lessonId: 'unlearning', record: done }, { type: 'answer', lessonId: 'unlearning', choiceId: 'zero' }, { type: 'answer', lessonId: 'muda', choiceId: 'random' });
    s = run(s, { type: 'reset', lessonId: 'unlearning' });
    expect(s.records.unlearning).toBeUndefined();
    expect(s.answers).toEqual({ muda: 'random' });
    expect(s.slide).toBe(0);
    const running = run(initialLessonsState(), { type: 'record', lessonId: 'unlearning', record: { ...done, status: 'running', current: 'retrain' } }, { type: 'reset', lessonId: 'unlearning' });
    expect(running.records.unlearning.status).toBe('running');
  });
});
