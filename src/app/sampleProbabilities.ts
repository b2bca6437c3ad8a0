/**
 * What the sample card shows for one training sample: its class probabilities
 * under each model, as a table. With many classes only the informative columns
 * stay: the true class and each model's top classes.
 */
import { label, modelOrder, type Labels } from './plots/figure';

export interface ProbabilityTable {
  /** Class indices, one per column. */
  columns: number[];
  rows: { id: string; label: string; cells: number[]; predicted: number }[];
}

/** Most columns before the table keeps only the true class and each model's top classes. */
export const MAX_COLUMNS = 10;
const TOP_PER_MODEL = 3;

function argmax(p: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < p.length; i++) if (p[i] > p[best]) best = i;
  return best;
}

/** `probabilities`: model id → the sample's probability row under that model. */
export function probabilityTable(probabilities: Record<string, readonly number[]>, trueClass: number, labels: Labels = {}): ProbabilityTable {
  const ids = modelOrder(probabilities).filter((id) => probabilities[id]?.length);
  const numClasses = Math.max(0, ...ids.map((id) => probabilities[id].length));
  let columns = Array.from({ length: numClasses }, (_, c) => c);
  if (numClasses > MAX_COLUMNS) {
    const keep = new Set<number>([trueClass]);
    for (const id of ids) {
      const p = probabilities[id];
      [...columns].sort((a, b) => p[b] - p[a] || a - b).slice(0, TOP_PER_MODEL).forEach((c) => keep.add(c));
    }
    columns = [...keep].sort((a, b) => a - b);
  }
  return {
    columns,
    rows: ids.map((id) => ({ id, label: label(id, labels), cells: columns.map((c) => probabilities[id][c] ?? 0), predicted: argmax(probabilities[id]) })),
  };
}
