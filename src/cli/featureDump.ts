/**
 * --dump-features: writes DIR/<modelId>.<split>.json = { modelId, split,
 * indices, labels, features } (features row-major, one row per sample) for
 * the splits retainRef, forget and test, so every feature-space metric can
 * be recomputed outside the lab (docs/contracts.md).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LabSession } from '../engine/session';

export async function dumpFeatures(session: LabSession, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const data = session.dataOf();
  const written: string[] = [];
  for (const modelId of session.modelIds()) {
    const out = session.outputsOf(modelId);
    if (!out) continue;
    const splits = [
      { split: 'retainRef', indices: data.retainRef, labels: data.dataset.train.y, features: out.features.retainRef },
      { split: 'forget', indices: data.forget, labels: data.dataset.train.y, features: out.features.forget },
      { split: 'test', indices: data.test, labels: data.dataset.test.y, features: out.features.test },
    ];
    for (const s of splits) {
      const file = join(dir, `${modelId}.${s.split}.json`);
      const body = {
        modelId,
        split: s.split,
        indices: Array.from(s.indices),
        labels: Array.from(s.indices, (i) => s.labels[i]),
        features: Array.from(s.features.data),
        rows: s.features.rows,
        cols: s.features.cols,
      };
      await writeFile(file, JSON.stringify(body));
      written.push(file);
    }
  }
  return written;
}
