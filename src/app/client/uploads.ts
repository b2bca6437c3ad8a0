/**
 * The person's own data: files are checked against the caps before they are
 * read (a too-large file is never loaded into the page), handed to the
 * worker, then prepared as the dataset.
 */
import type { LabWorkerApi } from '../../worker/api';
import type { Store } from '../store/store';
import type { PreparedConfig } from './preparedConfig';

export const MAX_CSV_BYTES = 20 * 1024 * 1024;
export const MAX_IMAGE_BYTES = 200 * 1024 * 1024;
export const MAX_IMAGE_FILES = 20_000;

export async function uploadCsv(api: LabWorkerApi, store: Store, config: PreparedConfig, file: { name: string; size: number; text(): Promise<string> }): Promise<void> {
  if (file.size > MAX_CSV_BYTES) {
    store.dispatch({ type: 'ui:notice', kind: 'error', text: `${file.name}: ${file.size} bytes, larger than the ${MAX_CSV_BYTES / 1024 / 1024} MB cap; nothing changed.` });
    return;
  }
  if (file.size === 0) {
    store.dispatch({ type: 'ui:notice', kind: 'error', text: `${file.name}: the file is empty; nothing changed.` });
    return;
  }
  const text = await file.text();
  await api.addUpload({ kind: 'csv', name: file.name, text });
  await config.useUpload('csv', file.name);
}

export async function uploadImages(
  api: LabWorkerApi,
  store: Store,
  config: PreparedConfig,
  files: { name: string; size: number; path: string; bytes(): Promise<Uint8Array> }[],
  name: string,
): Promise<void> {
  const total = files.reduce((a, f) => a + f.size, 0);
  if (!files.length) {
    store.dispatch({ type: 'ui:notice', kind: 'error', text: 'No image files were chosen; nothing changed.' });
    return;
  }
  if (files.length > MAX_IMAGE_FILES || total > MAX_IMAGE_BYTES) {
    store.dispatch({ type: 'ui:notice', kind: 'error', text: `${name}: ${files.length} files, ${total} bytes — over the cap of ${MAX_IMAGE_FILES} files / ${MAX_IMAGE_BYTES / 1024 / 1024} MB; nothing changed.` });
    return;
  }
  const read = await Promise.all(files.map(async (f) => ({ path: f.path, bytes: await f.bytes() })));
  await api.addUpload({ kind: 'images', name, files: read });
  await config.useUpload('images', name);
}
