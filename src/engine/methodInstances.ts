/**
 * One method may run several times in an experiment, with other parameters
 * (e.g. two λ_DA values of MUDA). Each run needs a model id that is unique in
 * the Results and still readable: the first run of a method keeps its id
 * ('muda'); a later one is told apart by the parameters in which it differs
 * from the first ('muda#lambdaDA=20'), and by a counter where that is not
 * enough ('muda#2').
 */
import type { MethodRun } from './config';

/** 'lambdaDA=20,mode=joint': the parameters `run` sets differently from `first`, in key order. */
function differences(run: MethodRun, first: MethodRun): string {
  const [p, q] = [run.params ?? {}, first.params ?? {}];
  return Object.keys(p).sort().filter((k) => JSON.stringify(p[k]) !== JSON.stringify(q[k])).map((k) => `${k}=${String(p[k])}`).join(',');
}

/** The model id of each run, in order. */
export function modelIdsOf(runs: MethodRun[]): string[] {
  const first = new Map<string, MethodRun>();
  const taken = new Set<string>();
  return runs.map((r) => {
    let id = r.id;
    const f = first.get(r.id);
    if (f) {
      const diff = differences(r, f);
      id = diff ? `${r.id}#${diff}` : `${r.id}#2`;
      for (let n = 2; taken.has(id); n++) id = `${r.id}#${n}`;
    } else first.set(r.id, r);
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
