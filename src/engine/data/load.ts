/**
 * One entry point from a dataset config to a `Dataset`, whatever the source:
 * the embedded image sets, the 2-D synthetic sets, or the user's own data
 * (a file path in Node, an uploaded file in the browser, or a URL).
 */
import type { DatasetConfig } from '../config';
import { DataError } from '../errors';
import type { Rng } from '../random';
import { parseCsvDataset } from './csv';
import type { Dataset } from './dataset';
import { loadImageSet } from './imageSets';
import { isNode } from '../runtime';
import { isSyntheticName, makeSynthetic } from './synthetic';

/** Data the user uploaded in the browser, registered by the session under a name. */
export type UploadedData = { kind: 'csv'; name: string; text: string } | { kind: 'images'; name: string; files: { path: string; bytes: Uint8Array }[] };

export interface LoadContext {
  rng: Rng;
  /** Uploaded data, looked up when options.upload names it. */
  uploads?: Map<string, UploadedData>;
}


function stringOption(o: Record<string, unknown>, key: string): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length === 0) throw new DataError(`dataset.options.${key}`, 'must be a non-empty string');
  return v;
}

async function userSource(cfg: DatasetConfig, ctx: LoadContext): Promise<Dataset> {
  const { options } = cfg;
  const kind = cfg.name as 'csv' | 'images';
  const upload = stringOption(options, 'upload');
  const path = stringOption(options, 'path');
  const url = stringOption(options, 'url');
  const given = [upload, path, url].filter(Boolean).length;
  if (given !== 1) throw new DataError('dataset.options', `${kind} data needs exactly one of options.path, options.url or options.upload`);
  const labelColumn = options.labelColumn as string | number | undefined;
  if (upload) {
    const u = ctx.uploads?.get(upload);
    if (!u || u.kind !== kind) throw new DataError(`dataset.options.upload`, `no uploaded ${kind} data named "${upload}"; upload the file again`);
    return u.kind === 'csv'
      ? parseCsvDataset(u.text, { name: u.name, labelColumn, rng: ctx.rng })
      : (await import('./images')).imageFolderDataset(u.files, { name: u.name, rng: ctx.rng });
  }
  if (url) {
    const { loadDatasetFromUrl } = await import('./remote');
    return loadDatasetFromUrl(url, kind, { labelColumn, rng: ctx.rng });
  }
  if (!isNode) throw new DataError('dataset.options.path', 'a file path works only in the command line; upload the file or give a URL');
  if (kind === 'csv') {
    const { readFile, stat } = await import('node:fs/promises');
    const size = (await stat(path!).catch(() => { throw new DataError(path!, 'file not found'); })).size;
    if (size > 20 * 1024 * 1024) throw new DataError(path!, `is ${size} bytes, larger than the 20 MB cap`);
    return parseCsvDataset(await readFile(path!, 'utf8'), { name: path!, labelColumn, rng: ctx.rng });
  }
  const { readImageFolder } = await import('./imageFolderNode');
  const { imageFolderDataset } = await import('./images');
  return imageFolderDataset(await readImageFolder(path!), { name: path!, rng: ctx.rng });
}

export async function loadDataset(cfg: DatasetConfig, ctx: LoadContext): Promise<Dataset> {
  if (cfg.name === 'mnist' || cfg.name === 'fashion-mnist') return loadImageSet(cfg.name, cfg.options);
  if (isSyntheticName(cfg.name)) return makeSynthetic(cfg.name, cfg.options, ctx.rng);
  if (cfg.name === 'csv' || cfg.name === 'images') return userSource(cfg, ctx);
  throw new DataError('dataset.name', `unknown dataset "${cfg.name as string}"`);
}
