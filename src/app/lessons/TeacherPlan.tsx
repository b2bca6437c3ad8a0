/**
 * The teacher's plan, in the app: minutes per lesson, what to say, what to
 * ask (the lesson's question), and how long each run made the class wait —
 * the expected wait before running, the measured one after.
 */
import { LESSONS } from './index';
import type { LessonRecord } from './lessonState';
import { CLASS_MINUTES, PLAN } from './plan';

const secs = (ms: number) => `${Math.round(ms / 1000)} s`;

export function TeacherPlan(props: { records: Record<string, LessonRecord> }) {
  const waited = LESSONS.map((l) => props.records[l.id]?.waitedMs).filter((ms): ms is number => ms !== undefined);
  const total = waited.reduce((a, b) => a + b, 0);
  return (
    <section className="lessons-plan" data-testid="lessons-plan" aria-label="Teacher's plan">
      <p>
        A {CLASS_MINUTES}-minute class. Start each lesson's run as you begin to talk about it; ask its question before
        revealing what the lab measured. On a 2-core machine with the wasm backend the seven runs made the class wait
        66 s in all, from a fresh page (e2e/lessons.spec.ts, 2026-12-04; it fails above 5 minutes).
      </p>
      <table>
        <thead>
          <tr><th scope="col">#</th><th scope="col">Lesson</th><th scope="col">Minutes</th><th scope="col">Say</th><th scope="col">Ask</th><th scope="col">Wait</th></tr>
        </thead>
        <tbody>
          {LESSONS.map((l, i) => {
            const r = props.records[l.id];
            return (
              <tr key={l.id} data-plan-lesson={l.id}>
                <td>{i + 1}</td>
                <th scope="row">{l.title}</th>
                <td>{PLAN[l.id]?.minutes ?? '–'}</td>
                <td>{PLAN[l.id]?.say}</td>
                <td>{l.question.prompt}</td>
                <td data-waited={r?.waitedMs === undefined ? 'no' : 'yes'}>
                  {r?.waitedMs !== undefined ? `${secs(r.waitedMs)} here` : `≈ ${l.runMinutes < 1 ? '½' : l.runMinutes} min expected`}
                </td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <td />
            <th scope="row">In all</th>
            <td>{LESSONS.reduce((a, l) => a + (PLAN[l.id]?.minutes ?? 0), 0)}</td>
            <td colSpan={2} />
            <td data-testid="plan-waited">{waited.length ? `${secs(total)} waited in ${waited.length} run${waited.length > 1 ? 's' : ''}` : 'nothing run yet'}</td>
          </tr>
        </tfoot>
      </table>
    </section>
  );
}
