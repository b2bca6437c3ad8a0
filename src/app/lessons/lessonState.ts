/**
 * The lessons' own UI state: which lesson and slide is shown, the side panel
 * and presenter switches, each lesson's last run and chosen answer. Pure
 * reducer; the lab's store keeps the experiment, this keeps the teaching.
 */
import type { Measured } from './types';

/** A lesson is shown as four slides in presenter mode (and four sections in the side panel). */
export const SLIDES = ['intro', 'look', 'measured', 'question'] as const;
export type Slide = (typeof SLIDES)[number];

export const SLIDE_TITLES: Record<Slide, string> = {
  intro: 'The idea',
  look: 'What to look at',
  measured: 'What the lab measured',
  question: 'Question',
};

export interface LessonRecord {
  status: 'running' | 'done' | 'failed';
  /** The lesson key being computed ("data", "original" or a run's key); null when not running. */
  current: string | null;
  measured: Measured;
  /** Why the run stopped (failed) — or a note. */
  message?: string;
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
  | { type: 'reset'; lessonId: string };

export function initialLessonsState(): LessonsState {
  return { open: false, presenter: false, index: 0, slide: 0, records: {}, answers: {}, off: {} };
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
      return { ...s, index: clampIndex(a.index, count), slide: Math.max(0, Math.min(last, a.slide ?? 0)) };
    case 'next':
      if (s.slide < last) return { ...s, slide: s.slide + 1 };
      return s.index < count - 1 ? { ...s, index: s.index + 1, slide: 0 } : s;
    case 'prev':
      if (s.slide > 0) return { ...s, slide: s.slide - 1 };
      return s.index > 0 ? { ...s, index: s.index - 1, slide: last } : s;
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
        slide: 0,
      };
    }
  }
}
