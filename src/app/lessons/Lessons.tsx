/**
 * The lessons: a side panel a student works through alone, and a presenter
 * mode (large type, ←/→ to move, Esc to leave) a teacher projects. Both
 * drive the lab through the same commands as the panels (lessons never
 * compute anything themselves), so every number they show is a real run.
 */
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { useClient, useLab, useLabContext } from '../context';
import { clientCommands } from './clientCommands';
import { highlightTarget } from './highlight';
import { LESSONS } from './index';
import { initialLessonsState, reduceLessons, SLIDES, type LessonsAction, type LessonsState, type Slide } from './lessonState';
import { LessonView } from './LessonView';
import { Presenter } from './Presenter';
import { LessonsSummary } from './Summary';
import { TeacherPlan } from './TeacherPlan';
import { runLesson } from './runner';
import type { LookAt } from './types';
import './lessons.css';

const reducer = (s: LessonsState, a: LessonsAction) => reduceLessons(s, a, LESSONS.length);
const NO_VOTES: Record<string, number> = {};

export function Lessons() {
  const { store } = useLabContext();
  const client = useClient();
  const busy = useLab((s) => s.busy);
  const [state, dispatch] = useReducer(reducer, undefined, initialLessonsState);
  // The teacher's plan is for the teacher's screen, not the projector: the side panel only.
  const [planOpen, setPlanOpen] = useState(false);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const commands = useMemo(() => clientCommands(client, store), [client, store]);
  const lesson = LESSONS[state.index];
  const runningId = Object.entries(state.records).find(([, r]) => r.status === 'running')?.[0] ?? null;
  const blocked = runningId ? `lesson ${LESSONS.findIndex((l) => l.id === runningId) + 1} is running` : busy ? `the lab is busy: ${busy.label}` : null;

  // The page makes room for the side panel instead of hiding under it.
  const panelShown = state.open && !state.presenter;
  useEffect(() => {
    document.documentElement.classList.toggle('lessons-open', panelShown);
    return () => document.documentElement.classList.remove('lessons-open');
  }, [panelShown]);

  const run = useCallback((recompute: boolean) => {
    const l = LESSONS[state.index];
    void runLesson(l, commands, {
      skip: new Set(state.off[l.id] ?? []),
      reuse: !recompute,
      earlier: Object.entries(state.records).filter(([id, r]) => id !== l.id && r.status === 'done').map(([, r]) => r.measured),
      onUpdate: (record) => dispatch({ type: 'record', lessonId: l.id, record }),
    });
  }, [commands, state.index, state.off, state.records]);

  const show = useCallback((look: LookAt) => {
    dispatch({ type: 'presenter', on: false });
    // After the presenter overlay is gone, so the target can be scrolled to.
    requestAnimationFrame(() => {
      if (!highlightTarget(look.selectors)) {
        store.dispatch({ type: 'ui:notice', kind: 'info', text: `${look.label} is not on the page yet: it appears once the lab has something to show there.` });
      }
    });
  }, [store]);

  const view = (mode: 'panel' | 'presenter', slide?: Slide) => (
    <LessonView
      key={`${lesson.id}-${mode}`}
      lesson={lesson} number={state.index + 1} mode={mode} slide={slide}
      record={state.records[lesson.id]} answer={state.answers[lesson.id]} off={state.off[lesson.id] ?? []} blocked={blocked}
      revealed={!!state.revealed[lesson.id]} votes={state.votes[lesson.id] ?? NO_VOTES}
      onRun={run} onShow={show}
      onToggle={(key, on) => dispatch({ type: 'toggle-run', lessonId: lesson.id, key, on })}
      onAnswer={(choiceId) => dispatch({ type: 'answer', lessonId: lesson.id, choiceId })}
      onReveal={() => dispatch({ type: 'reveal', lessonId: lesson.id })}
      onVote={(choiceId, delta) => dispatch({ type: 'vote', lessonId: lesson.id, choiceId, delta })}
    />
  );

  return (
    <>
      <button
        ref={toggleRef} type="button" className="lessons-toggle" data-testid="lessons-toggle"
        aria-expanded={state.open} aria-controls={panelShown ? 'lessons-panel' : undefined}
        onClick={() => dispatch({ type: 'open', open: !state.open })}
      >
        {state.open ? 'Close lessons' : 'Lessons'}
      </button>
      {panelShown && (
        <aside id="lessons-panel" className="lessons-panel" data-testid="lessons-panel" aria-label="Lessons">
          <header className="lessons-head">
            <h2>Lessons</h2>
            <button type="button" data-testid="lessons-plan-open" aria-pressed={planOpen} onClick={() => setPlanOpen(!planOpen)}>Teacher's plan</button>
            <button type="button" data-testid="presenter-open" onClick={() => dispatch({ type: 'presenter', on: true })}>Present</button>
            <button type="button" aria-label="Close lessons" onClick={() => { dispatch({ type: 'open', open: false }); toggleRef.current?.focus(); }}>×</button>
          </header>
          <nav aria-label="Lesson list">
            <ol className="lessons-list">
              {LESSONS.map((l, i) => (
                <li key={l.id}>
                  <button type="button" data-lesson-pick={l.id} aria-current={i === state.index && !state.summary && !planOpen ? 'step' : undefined} onClick={() => { setPlanOpen(false); dispatch({ type: 'go', index: i }); }}>
                    {l.title}
                    {state.records[l.id]?.status === 'done' && <span className="lesson-done" aria-label="(run)"> ✓</span>}
                  </button>
                </li>
              ))}
              <li>
                <button type="button" data-testid="lessons-summary-open" aria-current={state.summary ? 'step' : undefined} onClick={() => { setPlanOpen(false); dispatch({ type: 'summary', on: true }); }}>
                  Summary: takeaways and numbers
                </button>
              </li>
            </ol>
          </nav>
          {planOpen ? <TeacherPlan records={state.records} /> : state.summary ? <LessonsSummary records={state.records} /> : view('panel')}
          <div className="lessons-pager">
            <button type="button" disabled={state.index === 0} onClick={() => dispatch({ type: 'go', index: state.index - 1 })}>← Previous lesson</button>
            <button type="button" onClick={() => dispatch({ type: 'reset', lessonId: lesson.id })}>Reset this lesson</button>
            <button type="button" disabled={state.index === LESSONS.length - 1} onClick={() => dispatch({ type: 'go', index: state.index + 1 })}>Next lesson →</button>
          </div>
        </aside>
      )}
      {state.presenter && (
        <Presenter state={state} dispatch={dispatch} count={LESSONS.length} title={state.summary ? 'Summary' : lesson.title} onReset={() => dispatch({ type: 'reset', lessonId: lesson.id })}>
          {state.summary ? <LessonsSummary records={state.records} large /> : view('presenter', SLIDES[state.slide])}
        </Presenter>
      )}
    </>
  );
}
