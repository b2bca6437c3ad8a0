/**
 * The last slide: every lesson's takeaway beside the one number the class
 * measured for it (or "not run" — the summary shows only what was run here).
 */
import { LESSONS } from './index';
import type { LessonRecord } from './lessonState';

export function LessonsSummary(props: { records: Record<string, LessonRecord>; large?: boolean }) {
  return (
    <section className={`lessons-summary${props.large ? ' large' : ''}`} data-testid="lessons-summary" aria-label="Summary of the lessons">
      <table>
        <caption>What each lesson showed, and what this class measured</caption>
        <thead>
          <tr><th scope="col">#</th><th scope="col">Lesson</th><th scope="col">Takeaway</th><th scope="col">Measured here</th></tr>
        </thead>
        <tbody>
          {LESSONS.map((l, i) => {
            const record = props.records[l.id];
            const value = record && record.status !== 'running' ? l.headline.value(record.measured) : undefined;
            return (
              <tr key={l.id} data-summary-lesson={l.id} data-measured={value === undefined ? 'no' : 'yes'}>
                <td>{i + 1}</td>
                <th scope="row">{l.title}</th>
                <td>{l.takeaway}</td>
                <td>{l.headline.label}: <strong>{value ?? 'not run yet'}</strong></td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
