/**
 * The text of `npm run lab -- methods`: each method by id, label and summary,
 * then each parameter by the id a config uses, its default and the label the
 * form shows, with its help text below.
 */
import type { MethodInfo } from '../engine/methods/types';

export function methodListing(methods: MethodInfo[]): string {
  const lines: string[] = [];
  for (const m of methods) {
    lines.push(`${m.id} — ${m.label}: ${m.summary}`);
    const heads = m.params.map((p) => `${p.name} = ${JSON.stringify(p.default)}`);
    // One column for the labels, so a method's parameters read as a table.
    const width = Math.max(0, ...heads.map((h) => h.length));
    m.params.forEach((p, i) => {
      lines.push(`    ${heads[i].padEnd(width)}  ${p.label}`);
      lines.push(`        ${p.help}`);
    });
  }
  return lines.join('\n') + '\n';
}
