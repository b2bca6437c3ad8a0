/**
 * The lessons' own UI state: which lesson and slide is shown, the side panel
 * and presenter switches, each lesson's last run and chosen answer. Pure
 * reducer; the lab's store keeps the experiment, this keeps the teaching.
 */
import type { Measured } from './types';

/**
 * A lesson is shown as four slides in presenter mode (and four sections in the
 * side panel). Predict, then see: the question comes before what the lab
 * measured, so the class commits to an answer before the numbers can tell it.
 */
export const SLIDES = ['intro', 'look', 'question', 'measured'] as const;
export type Slide = (typeof SLIDES)[number];

export const SLIDE_TITLES: Record<Slide, string> = {
  intro: 'The idea',
  look: 'What to look at',
  question: 'Predict',
  measured: 'What the lab measured',
};

export interface LessonRecord {
  status: 'running' | 'done' | 'failed';
  /** The lesson key being computed ("data", "original" or a run's key); null when not running. */
  current: string | null;
  measured: Measured;
  /** Why the run stopped (failed) — or a note. */
  message?: string;
  /** How long the class waited for the run, from Run to done or failed (the teacher's plan adds them up). */
  waitedMs?: number;
}

export interface LessonsState {
  open: boolean;
  presenter: boolean;
  /** Index of the lesson shown. */
  index: number;
  /** Index into SLIDES (presenter mode). */
  slide: number;
  /** Lesson id → its last run. */
  records: Record<string, LessonRecord>;
  /** Lesson id → chosen answer. */
  answers: Record<string, string>;
  /** Lesson id → keys of optional runs switched off. */
  off: Record<string, string[]>;
  /** Lesson ids whose measured part the side panel shows (after the prediction); presenter mode reveals by moving onto it. */
  revealed: Record<string, true>;
  /** Lesson id → choice id → hands raised for it (presenter mode's show of hands). */
  votes: Record<string, Record<string, number>>;
  /** The summary of every lesson's takeaway and measured number is shown instead of a lesson. */
  summary: boolean;
}

export type LessonsAction =
  | { type: 'open'; open: boolean }
  | { type: 'presenter'; on: boolean }
  | { type: 'go'; index: number; slide?: number }
  | { type: 'next' }
  | { type: 'prev' }
  | { type: 'record'; lessonId: string; record: LessonRecord }
  | { type: 'answer'; lessonId: string; choiceId: string }
  | { type: 'toggle-run'; lessonId: string; key: string; on: boolean }
  | { type: 'reveal'; lessonId: string }
  | { type: 'vote'; lessonId: string; choiceId: string; delta: 1 | -1 }
  | { type: 'summary'; on: boolean }
  | { type: 'reset'; lessonId: string };

export function initialLessonsState(): LessonsState {
  return { open: false, presenter: false, index: 0, slide: 0, records: {}, answers: {}, off: {}, revealed: {}, votes: {}, summary: false };
}

function clampIndex(i: number, count: number): number {
  return Math.max(0, Math.min(count - 1, Math.trunc(i)));
}

function without<T>(o: Record<string, T>, key: string): Record<string, T> {
  const next = { ...o };
  delete next[key];
  return next;
}

/** `count`: how many lessons there are (next/prev walk slides across lessons). */
export function reduceLessons(s: LessonsState, a: LessonsAction, count: number): LessonsState {
  const last = SLIDES.length - 1;
  switch (a.type) {
    case 'open':
      return { ...s, open: a.open, presenter: a.open ? s.presenter : false };
    case 'presenter':
      return { ...s, presenter: a.on, open: a.on ? true : s.open };
    case 'go':
      return { ...s, index: clampIndex(a.index, count), slide: Math.max(0, Math.min(last, a.slide ?? 0)), summary: false };
    case 'next':
      // Past the last slide of the last lesson: the summary.
      if (s.summary) return s;
      if (s.slide < last) return { ...s, slide: s.slide + 1 };
      return s.index < count - 1 ? { ...s, index: s.index + 1, slide: 0 } : { ...s, summary: true };
    case 'prev':
      if (s.summary) return { ...s, summary: false, index: count - 1, slide: last };
      if (s.slide > 0) return { ...s, slide: s.slide - 1 };
      return s.index > 0 ? { ...s, index: s.index - 1, slide: last } : s;
    case 'summary':
      return { ...s, summary: a.on };
    case 'reveal':
      return { ...s, revealed: { ...s.revealed, [a.lessonId]: true } };
    case 'vote': {
      const votes = { ...(s.votes[a.lessonId] ?? {}) };
      votes[a.choiceId] = Math.max(0, (votes[a.choiceId] ?? 0) + a.delta);
      return { ...s, votes: { ...s.votes, [a.lessonId]: votes } };
    }
    case 'record':
      return { ...s, records: { ...s.records, [a.lessonId]: a.record } };
    case 'answer':
      return { ...s, answers: { ...s.answers, [a.lessonId]: a.choiceId } };
    case 'toggle-run': {
      const cur = new Set(s.off[a.lessonId] ?? []);
      if (a.on) cur.delete(a.key);
      else cur.add(a.key);
      return { ...s, off: { ...s.off, [a.lessonId]: [...cur].sort() } };
    }
    case 'reset': {
      // A running lesson keeps its record: the computation is still going and will report.
      const running = s.records[a.lessonId]?.status === 'running';
      return {
        ...s,
        records: running ? s.records : without(s.records, a.lessonId),
        answers: without(s.answers, a.lessonId),
        off: without(s.off, a.lessonId),
        revealed: without(s.revealed, a.lessonId),
        votes: without(s.votes, a.lessonId),
        slide: 0,
      };
    }
  }
}
