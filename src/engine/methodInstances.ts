/**
 * One method may run several times in an experiment, with other parameters
 * (e.g. two λ_DA values of MUDA). Each run needs a model id that is unique in
 * the Results and still readable: a method that appears once keeps its id
 * ('muda'); repeats are told apart by the parameters they set
 * ('muda#lambdaDA=20'), and by a counter where even those coincide ('muda#2').
 */
import type { MethodRun } from './config';

/** 'lambdaDA=20,mode=joint': the run's own parameter settings, in key order. */
function paramSuffix(params: Record<string, unknown> | undefined): string {
  return Object.keys(params ?? {}).sort().map((k) => `${k}=${String(params![k])}`).join(',');
}

/** The model id of each run, in order. */
export function modelIdsOf(runs: MethodRun[]): string[] {
  const count = new Map<string, number>();
  for (const r of runs) count.set(r.id, (count.get(r.id) ?? 0) + 1);
  const taken = new Set<string>();
  return runs.map((r) => {
    const suffix = paramSuffix(r.params);
    let id = count.get(r.id)! > 1 && suffix ? `${r.id}#${suffix}` : r.id;
    for (let n = 2; taken.has(id); n++) id = `${r.id}#${n}`;
    taken.add(id);
    return id;
  });
}

/** The label a run shows under: the config's own, else the method's label with what sets this instance apart. */
export function instanceLabel(methodLabel: string, run: MethodRun, modelId: string): string | undefined {
  if (run.label) return run.label;
  if (modelId === run.id) return undefined;
  const apart = modelId.slice(run.id.length + 1);
  return `${methodLabel} (${apart.includes('=') ? apart.replace(/,/g, ', ') : `#${apart}`})`;
}
