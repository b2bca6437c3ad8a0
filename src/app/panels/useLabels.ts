import { useMemo } from 'react';
import { useLab } from '../context';
import type { Labels } from '../plots/figure';

/**
 * Model id → label for tables and legends: each method's label from the
 * registry, and a model's own label where a method ran more than once
 * ('muda#lambdaDA=20' → 'MUDA (lambdaDA=20)').
 */
export function useLabels(): Labels {
  const methods = useLab((s) => s.methods);
  const models = useLab((s) => s.models);
  return useMemo(() => {
    const labels: Labels = Object.fromEntries(methods.map((m) => [m.id, m.label]));
    for (const [id, m] of Object.entries(models)) if (m.label) labels[id] = m.label;
    return labels;
  }, [methods, models]);
}
