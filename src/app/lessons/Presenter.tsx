/**
 * Presenter mode: one part of one lesson at a time, in large type, over the
 * lab. → / PageDown next, ← / PageUp back (across lessons), Esc leaves.
 * Keys typed into a form control keep their usual meaning.
 */
import { useEffect, useRef, type Dispatch, type ReactNode } from 'react';
import { SLIDE_TITLES, SLIDES, type LessonsAction, type LessonsState } from './lessonState';

/** The presenter's action for a key, or null to leave the key alone. */
export function presenterKey(e: { key: string; altKey?: boolean; ctrlKey?: boolean; metaKey?: boolean; target?: EventTarget | null }): 'next' | 'prev' | 'exit' | null {
  if (e.altKey || e.ctrlKey || e.metaKey) return null;
  const t = e.target as { tagName?: string; isContentEditable?: boolean } | null;
  const tag = t?.tagName?.toLowerCase();
  if (tag === 'input' || tag === 'textarea' || tag === 'select' || t?.isContentEditable) return e.key === 'Escape' ? 'exit' : null;
  if (e.key === 'ArrowRight' || e.key === 'PageDown') return 'next';
  if (e.key === 'ArrowLeft' || e.key === 'PageUp') return 'prev';
  if (e.key === 'Escape') return 'exit';
  return null;
}

export function Presenter(props: { state: LessonsState; dispatch: Dispatch<LessonsAction>; count: number; title: string; onReset: () => void; children: ReactNode }) {
  const { state, dispatch, count } = props;
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    ref.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      const action = presenterKey(e);
      if (!action) return;
      e.preventDefault();
      if (action === 'exit') dispatch({ type: 'presenter', on: false });
      else dispatch({ type: action });
    };
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('keydown', onKey);
      // The button that opened the presenter is re-rendered with the side panel: fall back to it by its hook.
      const back = before?.isConnected ? before : document.querySelector<HTMLElement>('[data-testid="presenter-open"], [data-testid="lessons-toggle"]');
      back?.focus();
    };
  }, [dispatch]);

  const atStart = state.index === 0 && state.slide === 0 && !state.summary;
  // After the last lesson's last slide comes the summary, the end.
  const atEnd = state.summary;
  return (
    <div className="lessons-presenter" role="dialog" aria-modal="true" aria-labelledby="presenter-title" tabIndex={-1} ref={ref} data-testid="presenter" data-lesson-index={state.index} data-slide={state.summary ? 'summary' : SLIDES[state.slide]}>
      <div className="presenter-head">
        <h2 id="presenter-title">
          {!state.summary && <span className="muted">Lesson {state.index + 1} of {count} · </span>}{props.title}
        </h2>
        {!state.summary && <ol className="presenter-slides" aria-label="Parts of this lesson">
          {SLIDES.map((s, i) => (
            <li key={s}>
              <button type="button" aria-current={i === state.slide ? 'step' : undefined} onClick={() => dispatch({ type: 'go', index: state.index, slide: i })}>
                {i + 1}. {SLIDE_TITLES[s]}
              </button>
            </li>
          ))}
        </ol>}
      </div>
      <div className="presenter-body">{props.children}</div>
      <div className="presenter-foot">
        <button type="button" data-testid="presenter-prev" disabled={atStart} onClick={() => dispatch({ type: 'prev' })}>← Back</button>
        {!state.summary && <button type="button" data-testid="presenter-reset" onClick={props.onReset}>Reset lesson</button>}
        <span className="muted presenter-hint">← → to move · Esc to leave</span>
        <button type="button" data-testid="presenter-exit" onClick={() => dispatch({ type: 'presenter', on: false })}>Exit</button>
        <button type="button" className="primary" data-testid="presenter-next" disabled={atEnd} onClick={() => dispatch({ type: 'next' })}>Next →</button>
      </div>
    </div>
  );
}
