import { useMemo } from 'react';
import { useLab } from '../context';
import type { Labels } from '../plots/figure';

/** Method id → its label (from the registry), for tables and legends. */
export function useLabels(): Labels {
  const methods = useLab((s) => s.methods);
  return useMemo(() => Object.fromEntries(methods.map((m) => [m.id, m.label])), [methods]);
}
