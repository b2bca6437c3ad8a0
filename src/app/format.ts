/** Small text formatters for the panels. */

/** "12 s", "3 min 05 s", "1 h 02 min"; under a second says "<1 s". */
export function formatEta(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  const s = Math.round(ms / 1000);
  if (s < 1) return '<1 s';
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}

/** Class mix of a selection: [{class, count}] sorted by count, then class. */
export function classMix(indices: readonly number[], labels: readonly number[]): { cls: number; count: number }[] {
  const counts = new Map<number, number>();
  for (const i of indices) {
    const c = labels[i];
    if (c === undefined) continue;
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  return [...counts].map(([cls, count]) => ({ cls, count })).sort((a, b) => b.count - a.count || a.cls - b.cls);
}
