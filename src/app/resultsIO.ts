/**
 * Results files in and out of the page: the engine's parseResults /
 * serializeResults / resultsToCsv (one format everywhere), wrapped so a bad
 * file becomes a message naming the problem, never an exception in the UI.
 */
import type { WeightSnapshot } from '../engine/models/model';
import { parseResults, resultsToCsv, serializeResults, type Results } from '../engine/results';

export type ParsedFile = { ok: true; results: Results } | { ok: false; message: string };

export function parseResultsFile(text: string, fileName: string): ParsedFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `${fileName} is not valid JSON (${e instanceof Error ? e.message : String(e)}); nothing was imported.` };
  }
  try {
    return { ok: true, results: parseResults(raw) };
  } catch (e) {
    return { ok: false, message: `${fileName} is not a Results file this lab can read: ${e instanceof Error ? e.message : String(e)}; nothing was imported.` };
  }
}

export function resultsJson(r: Results): string {
  return serializeResults(r);
}

export function resultsCsv(r: Results): string {
  return resultsToCsv(r);
}

/** Weight snapshots as JSON (Float32Array → number arrays). */
export function weightsJson(weights: Record<string, WeightSnapshot>): string {
  const plain: Record<string, unknown> = {};
  for (const [id, w] of Object.entries(weights)) {
    plain[id] = { ...w, tensors: w.tensors.map((t) => ({ name: t.name, shape: t.shape, data: Array.from(t.data) })) };
  }
  return JSON.stringify({ format: 'unlearning-lab-weights', version: 1, models: plain });
}

/** A safe file name from a run name (no path separators or odd characters). */
export function fileName(base: string, ext: string): string {
  const clean = base.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'results';
  return `${clean}.${ext}`;
}
