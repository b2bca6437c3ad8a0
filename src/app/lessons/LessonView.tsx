/**
 * One lesson, in four parts: the idea (and the Run button), what to look at
 * (its plots and "Show me" links into the lab), the question — a prediction,
 * asked before the numbers are shown — and what the lab measured, revealed
 * with the feedback on that prediction and the lesson's takeaway. The side
 * panel shows all four (the last once revealed); presenter mode one at a time.
 */
import { useId, useMemo } from 'react';
import { useLab } from '../context';
import { configToHash } from '../urlState';
import { DaPlayground } from './DaPlayground';
import { describeExperiment } from './describe';
import { exercisesFor } from './exercises';
import { answerFeedback, classPrediction } from './feedback';
import { LessonPlots } from './LessonPlots';
import { SLIDE_TITLES, SLIDES, type LessonRecord, type Slide } from './lessonState';
import { emptyMeasured } from './runner';
import type { Lesson, LookAt, Measured } from './types';

export interface LessonViewProps {
  lesson: Lesson;
  number: number;
  record: LessonRecord | undefined;
  answer: string | undefined;
  /** The side panel shows the measured part only after the prediction; presenter mode reveals by moving onto it. */
  revealed: boolean;
  /** Choice id → hands raised (presenter mode). */
  votes: Record<string, number>;
  off: string[];
  /** Why Run is disabled now (another lesson or the lab is busy); null when it may run. */
  blocked: string | null;
  onRun: (recompute: boolean) => void;
  onToggle: (key: string, on: boolean) => void;
  onAnswer: (choiceId: string) => void;
  onReveal: () => void;
  onVote: (choiceId: string, delta: 1 | -1) => void;
  onShow: (look: LookAt) => void;
  mode: 'panel' | 'presenter';
  /** Presenter mode: the one part to show. */
  slide?: Slide;
}

/** The lesson's measurements, with the lab's live curve of the model being computed. */
function useLiveMeasured(lesson: Lesson, record: LessonRecord | undefined): Measured {
  const labCurves = useLab((s) => s.curves);
  return useMemo(() => {
    const base = record?.measured ?? emptyMeasured(lesson);
    if (record?.status !== 'running' || !record.current) return base;
    const run = lesson.runs.find((r) => r.key === record.current);
    const live = run ? labCurves[run.id] : undefined;
    return run && live?.length ? { ...base, curves: { ...base.curves, [run.key]: live } } : base;
  }, [lesson, record, labCurves]);
}

function statusText(lesson: Lesson, record: LessonRecord | undefined): string {
  if (!record) return `Not run yet — about ${lesson.runMinutes < 1 ? 'half a minute' : `${lesson.runMinutes} min`} with the wasm backend on a 2-core laptop.`;
  if (record.status === 'running') {
    const cur = record.current === 'data' ? 'preparing the data' : record.current === 'original' ? 'Original' : lesson.runs.find((r) => r.key === record.current)?.label ?? record.current;
    return `Running: ${cur}…`;
  }
  if (record.status === 'failed') return `Stopped: ${record.message ?? 'unknown reason'}`;
  const failed = Object.keys(record.measured.failed);
  return failed.length ? `Done, but ${failed.length} model(s) did not finish — see below.` : 'Done: the numbers below are from this run.';
}

function Intro(props: LessonViewProps) {
  const { lesson, record, off, blocked } = props;
  const progress = useLab((s) => s.progress);
  const skip = useMemo(() => new Set(off), [off]);
  const running = record?.status === 'running';
  const optional = lesson.runs.filter((r) => r.optional);
  return (
    <>
      <p className="lesson-goal">{lesson.goal}</p>
      {lesson.intro.map((p, i) => <p key={i}>{p}</p>)}
      {lesson.play === 'da-playground' && <DaPlayground />}
      <ul className="lesson-facts">{describeExperiment(lesson.config, lesson.runs, skip).map((f) => <li key={f}>{f}</li>)}</ul>
      {optional.length > 0 && (
        <fieldset className="lesson-toggles" disabled={running}>
          <legend>Also run</legend>
          {optional.map((r) => (
            <label key={r.key} className="checkbox" title={r.help}>
              <input type="checkbox" data-lesson-run={r.key} checked={!skip.has(r.key)} onChange={(e) => props.onToggle(r.key, e.target.checked)} />
              <span>{r.label}{r.help ? <span className="muted"> — {r.help}</span> : null}</span>
            </label>
          ))}
        </fieldset>
      )}
      <div className="lesson-actions">
        <button type="button" className="primary" data-testid="lesson-run" disabled={!!blocked} title={blocked ?? undefined} onClick={() => props.onRun(false)}>
          {record?.status === 'done' ? 'Run the lesson (reuse finished models)' : 'Run the lesson'}
        </button>
        {record && record.status !== 'running' && (
          <button type="button" disabled={!!blocked} title={blocked ?? 'Train every model of the lesson again'} onClick={() => props.onRun(true)}>Recompute all</button>
        )}
      </div>
      <p className="lesson-status" data-testid="lesson-status" data-state={record?.status ?? 'none'} aria-live="polite">
        {statusText(lesson, record)}
        {running && progress?.message ? <span className="muted"> {progress.message}</span> : null}
        {blocked && !running ? <span className="muted"> ({blocked})</span> : null}
      </p>
    </>
  );
}

function Look(props: LessonViewProps & { measured: Measured }) {
  return (
    <>
      <ul className="lesson-look">
        {props.lesson.lookAt.map((l) => (
          <li key={l.label}>
            <strong>{l.label}.</strong> {l.why}{' '}
            <button type="button" className="link-button" data-testid="lesson-show" onClick={() => props.onShow(l)}>Show me</button>
          </li>
        ))}
      </ul>
      <LessonPlots plots={props.lesson.plots} measured={props.measured} large={props.mode === 'presenter'} />
    </>
  );
}

function MeasuredPart(props: LessonViewProps & { measured: Measured }) {
  const { lesson, record, mode } = props;
  const shown = mode === 'presenter' || props.revealed;
  return (
    <>
      {shown ? <Revealed {...props} /> : (
        <p className="muted" data-testid="lesson-unrevealed">Predict first: answer the question above, then reveal what the lab measured{record ? '' : ' (after running the lesson)'}.</p>
      )}
      {shown && <p className="lesson-takeaway" data-testid="lesson-takeaway"><strong>Takeaway: </strong>{lesson.takeaway}</p>}
      <TakeHome lesson={lesson} />
    </>
  );
}

/** The feedback on the prediction, then the run's numbers. */
function Revealed(props: LessonViewProps & { measured: Measured }) {
  const backend = useLab((s) => s.backend?.backend);
  const { lesson, record } = props;
  const predicted = classPrediction(props.answer, props.votes);
  const feedback = predicted ? answerFeedback(lesson.question, predicted, record ? props.measured : null) : null;
  const hands = Object.values(props.votes).reduce((a, b) => a + b, 0);
  const choice = lesson.question.choices.find((c) => c.id === predicted);
  return (
    <>
      {feedback && choice && (
        <p className={`lesson-feedback ${feedback.correct ? 'right' : 'wrong'}`} data-testid="lesson-feedback" data-correct={feedback.correct ? 'yes' : 'no'}>
          <span className="muted">{props.mode === 'presenter' ? 'The class predicted' : 'You predicted'}: {choice.text}{hands > 0 ? ` (${props.votes[choice.id] ?? 0} of ${hands} hands)` : ''} </span>
          <strong>{feedback.correct ? 'Yes. ' : 'Not this one. '}</strong>{feedback.text}
        </p>
      )}
      {!record ? <p className="muted">Run the lesson: this part then reports what the lab measured, with the numbers of your run.</p> : (
        <div data-testid="lesson-measured" data-state={record.status}>
          {record.status === 'running' && <p className="muted">Measuring — the text fills in as models finish.</p>}
          {lesson.measured(props.measured).map((t, i) => <p key={i}>{t}</p>)}
          {record.status === 'done' && (
            <p className="muted lesson-provenance">Measured in this browser{backend ? ` on the ${backend} backend` : ''}, seed {lesson.config.seed}; change the lesson's config in the panels and run again to see other numbers.</p>
          )}
        </div>
      )}
    </>
  );
}

function QuestionPart(props: LessonViewProps & { measured: Measured }) {
  const name = useId();
  const { lesson, answer, mode } = props;
  return (
    <div data-testid="lesson-question">
      <fieldset className="lesson-choices">
        <legend>{lesson.question.prompt}</legend>
        {lesson.question.choices.map((c) => (
          <div key={c.id} className="lesson-choice-row">
            <label className="lesson-choice">
              <input type="radio" name={name} value={c.id} data-choice={c.id} checked={answer === c.id} onChange={() => props.onAnswer(c.id)} />
              <span>{c.text}</span>
            </label>
            {mode === 'presenter' && (
              <span className="lesson-votes" data-votes={c.id}>
                <button type="button" aria-label={`One hand fewer for: ${c.text}`} disabled={!props.votes[c.id]} onClick={() => props.onVote(c.id, -1)}>−</button>
                <output aria-label={`Hands for: ${c.text}`}>{props.votes[c.id] ?? 0}</output>
                <button type="button" aria-label={`One hand more for: ${c.text}`} onClick={() => props.onVote(c.id, 1)}>+</button>
              </span>
            )}
          </div>
        ))}
      </fieldset>
      {mode === 'presenter'
        ? <p className="muted">Count the hands for each answer (or tick the class's answer), then go on: the next part shows what the lab measured.</p>
        : (
          <button type="button" data-testid="lesson-reveal" disabled={!answer || props.revealed} title={answer ? undefined : 'Predict first: choose an answer'} onClick={props.onReveal}>
            {props.revealed ? 'Revealed below' : 'Reveal what the lab measured'}
          </button>
        )}
    </div>
  );
}

/** The lesson's take-home exercises, each a link that opens the lab configured for it in a new tab. */
function TakeHome({ lesson }: { lesson: Lesson }) {
  const exercises = useMemo(() => exercisesFor(lesson), [lesson]);
  if (!exercises.length) return null;
  return (
    <div className="lesson-take-home" data-testid="lesson-take-home">
      <p><strong>Take home</strong></p>
      <ol>
        {exercises.map((e) => (
          <li key={e.task}>
            {e.task}{' '}
            {/* Absolute: a link to "/#…" reads as an in-page skip link to assistive tools. */}
            <a href={`${location.origin}${location.pathname}${configToHash(e.config)}`} target="_blank" rel="noopener noreferrer" data-testid="lesson-exercise">Open it in the lab</a>
          </li>
        ))}
      </ol>
    </div>
  );
}

export function LessonView(props: LessonViewProps) {
  const measured = useLiveMeasured(props.lesson, props.record);
  const parts: Record<Slide, React.ReactNode> = {
    intro: <Intro {...props} />,
    look: <Look {...props} measured={measured} />,
    question: <QuestionPart {...props} measured={measured} />,
    measured: <MeasuredPart {...props} measured={measured} />,
  };
  const shown: Slide[] = props.mode === 'presenter' && props.slide ? [props.slide] : [...SLIDES];
  const Heading = props.mode === 'presenter' ? 'h3' : 'h4';
  return (
    <article className={`lesson lesson-${props.mode}`} data-lesson={props.lesson.id} aria-label={`Lesson ${props.number}: ${props.lesson.title}`}>
      {props.mode === 'panel' && <h3 className="lesson-title">{props.number}. {props.lesson.title}</h3>}
      {shown.map((slide) => (
        <section key={slide} className={`lesson-part lesson-part-${slide}`} data-slide={slide}>
          <Heading>{SLIDE_TITLES[slide]}</Heading>
          {parts[slide]}
        </section>
      ))}
    </article>
  );
}
