/**
 * Runs a lesson for real: the lesson's config goes to the lab like any
 * other (prepare), Original is trained (or reused), then each of the
 * lesson's runs goes through the same commands the panels use. The runner
 * only sequences and records; it never computes or invents a number.
 */
import type { ExperimentConfig, MethodRun } from '../../engine/config';
import type { ModelResult } from '../../engine/results';
import type { DataSummary } from '../../engine/sessionTypes';
import type { MethodInfo, ParamValues } from '../../engine/methods/types';
import type { LessonRecord } from './lessonState';
import type { Lesson, LessonRun, Measured } from './types';

export type Outcome<T = object> = ({ ok: true } & T) | { ok: false; message: string; cancelled?: boolean };

/** The lab commands a lesson needs (implemented over LabClient in clientCommands.ts, faked in tests). */
export interface LessonCommands {
  /** Resolves once the engine has listed its methods (their schemas give parameter defaults). */
  ready(): Promise<Outcome>;
  /** Makes `config` the lab's experiment, preparing data and forget set as needed. */
  apply(config: ExperimentConfig): Promise<Outcome>;
  /** Trains Original, or keeps the one already trained for this data, model and recipe. */
  trainOriginal(): Promise<Outcome>;
  /** Runs Retrain or one unlearning method on a fresh copy of Original. */
  runMethod(run: MethodRun): Promise<Outcome<{ result: ModelResult }>>;
  /** What the session holds now: finished models by method id, method schemas, the data summary. */
  session(): { models: Record<string, ModelResult>; methods: MethodInfo[]; data: DataSummary | null };
}

export function emptyMeasured(lesson: Lesson): Measured {
  const labels: Record<string, string> = { original: 'Original' };
  for (const r of lesson.runs) labels[r.key] = r.label;
  return { config: lesson.config, models: {}, failed: {}, curves: {}, labels, classNames: [] };
}

/** The method's parameters with the lesson's overrides on top of the schema defaults. */
export function resolvedParams(run: Pick<LessonRun, 'id' | 'params'>, methods: MethodInfo[]): ParamValues | null {
  const info = methods.find((m) => m.id === run.id);
  if (!info) return null;
  const out: ParamValues = {};
  for (const p of info.params) {
    const v = run.params?.[p.name];
    out[p.name] = typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' ? v : p.default;
  }
  return out;
}

/** True when a finished model was made with exactly these parameters (then running it again would repeat the same seeded computation). */
export function sameParams(result: ModelResult | undefined, params: ParamValues | null): boolean {
  if (!result || !params) return false;
  const had = result.params ?? {};
  return Object.keys(params).every((k) => had[k] === params[k]);
}

function withData(m: Measured, data: DataSummary | null): Measured {
  if (!data) return m;
  const next: Measured = { ...m, classNames: data.classNames, split: { train: data.split.train, test: data.split.test, forget: data.split.forget, retain: data.split.retain } };
  if (data.points) next.points = { x: data.points.x, y: data.points.y, labels: data.trainLabels, forget: data.forget, numClasses: data.numClasses };
  return next;
}

export interface RunOptions {
  /** Keys of optional runs to leave out. */
  skip?: ReadonlySet<string>;
  /** Reuse a model the session already holds for the same config and parameters (default true). */
  reuse?: boolean;
  /** Called after every change of the record (start, each model, end). */
  onUpdate?: (record: LessonRecord) => void;
  /** Milliseconds of a monotonic clock (performance.now by default), for the wait the record reports. */
  now?: () => number;
  /**
   * What earlier lessons measured. A model one of them made on the same
   * experiment with the same parameters is reused (when `reuse`): the lab's
   * session keeps one model per method, so lesson 5's ablations replace its
   * MUDA there, but lesson 6 can still take lesson 5's MUDA from here.
   */
  earlier?: Measured[];
}

/** The same data, model, training, forget set, seed and evaluation: a model of one serves the other. */
function sameExperiment(a: Lesson['config'], b: Lesson['config']): boolean {
  const key = (c: Lesson['config']) => JSON.stringify([c.dataset, c.model, c.train, c.scenario, c.seed, c.eval, c.methodDefaults]);
  return key(a) === key(b);
}

/** A finished model of an earlier lesson's run of this method with these parameters, if any. */
function fromEarlier(earlier: Measured[], config: Lesson['config'], methodId: string, params: ParamValues | null): ModelResult | null {
  for (const m of earlier) {
    if (!sameExperiment(m.config, config)) continue;
    const hit = Object.values(m.models).find((r) => r.method === methodId && sameParams(r, params));
    if (hit) return hit;
  }
  return null;
}

export async function runLesson(lesson: Lesson, cmds: LessonCommands, opts: RunOptions = {}): Promise<LessonRecord> {
  const reuse = opts.reuse ?? true;
  const now = opts.now ?? (() => performance.now());
  const t0 = now();
  let record: LessonRecord = { status: 'running', current: 'data', measured: emptyMeasured(lesson) };
  const update = (r: LessonRecord): LessonRecord => {
    record = r;
    opts.onUpdate?.(r);
    return r;
  };
  const stop = (message: string): LessonRecord => update({ ...record, status: 'failed', current: null, message, waitedMs: now() - t0 });
  update(record);

  const ready = await cmds.ready();
  if (!ready.ok) return stop(ready.message);
  const applied = await cmds.apply(lesson.config);
  if (!applied.ok) return stop(`The lesson's data could not be prepared: ${applied.message}`);
  update({ ...record, current: 'original', measured: withData(record.measured, cmds.session().data) });

  const trained = await cmds.trainOriginal();
  const original = cmds.session().models.original;
  if (!trained.ok || !original) return stop(trained.ok ? 'Original did not finish.' : trained.message);
  update({ ...record, measured: { ...record.measured, models: { original } } });

  for (const run of lesson.runs) {
    if (run.optional && opts.skip?.has(run.key)) continue;
    update({ ...record, current: run.key });
    const session = cmds.session();
    const params = resolvedParams(run, session.methods);
    const existing = session.models[run.id];
    let result: ModelResult | null;
    const earlier = reuse ? fromEarlier(opts.earlier ?? [], lesson.config, run.id, params) : null;
    if (reuse && sameParams(existing, params)) {
      result = existing;
    } else if (earlier) {
      result = earlier;
    } else {
      const r = await cmds.runMethod({ id: run.id, params: { ...(run.params ?? {}) } });
      if (r.ok) result = r.result;
      else {
        const failed = { ...record.measured.failed, [run.key]: r.message };
        update({ ...record, measured: { ...record.measured, failed } });
        if (r.cancelled) return stop(`Cancelled during ${run.label}; the models that finished are kept.`);
        continue;
      }
    }
    const failed = { ...record.measured.failed };
    delete failed[run.key];
    update({ ...record, measured: { ...record.measured, models: { ...record.measured.models, [run.key]: result }, failed } });
  }
  return update({ ...record, status: 'done', current: null, waitedMs: now() - t0 });
}
