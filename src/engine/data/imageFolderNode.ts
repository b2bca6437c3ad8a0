/**
 * Node-only (CLI, tests): reads a folder of class folders into the
 * { path, bytes } list that loadImageFolder takes. Counts and sizes are
 * checked from directory listings and stat before any file is read; hidden
 * entries are skipped and symbolic links are not followed, so a link cannot
 * pull in files from outside the folder. node:fs is imported when called, as
 * the engine's other Node-only paths are, so a browser bundle that reaches
 * this module still builds (vite.config.ts stubs node:*).
 */
import { DataError } from '../errors';
import type { ImageFile } from './images';
import { IMAGE_DEFAULTS } from './images';

export interface ReadFolderOptions {
  maxFiles?: number;
  maxFileBytes?: number;
  maxTotalBytes?: number;
  /** Folder levels below `dir` (class folder = 1). */
  maxDepth?: number;
}

export const FOLDER_DEFAULTS = {
  maxFiles: IMAGE_DEFAULTS.maxFiles,
  maxFileBytes: 20 * 1024 * 1024,
  maxTotalBytes: IMAGE_DEFAULTS.maxTotalBytes,
  maxDepth: 4,
} as const;

/** Every file under `dir` (relative '/'-paths, sorted) with its bytes. */
export async function readImageFolder(dir: string, opts: ReadFolderOptions = {}): Promise<ImageFile[]> {
  const maxFiles = opts.maxFiles ?? FOLDER_DEFAULTS.maxFiles;
  const maxFileBytes = opts.maxFileBytes ?? FOLDER_DEFAULTS.maxFileBytes;
  const maxTotalBytes = opts.maxTotalBytes ?? FOLDER_DEFAULTS.maxTotalBytes;
  const maxDepth = opts.maxDepth ?? FOLDER_DEFAULTS.maxDepth;
  const { lstat, readdir, readFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  let info;
  try {
    info = await lstat(dir);
  } catch {
    throw new DataError(dir, 'no such folder');
  }
  if (!info.isDirectory()) throw new DataError(dir, 'is not a folder; give the folder that holds one folder per class');

  const found: { rel: string; abs: string; size: number }[] = [];
  let total = 0;
  const walk = async (abs: string, rel: string[], depth: number): Promise<void> => {
    const entries = await readdir(abs, { withFileTypes: true }).catch((e: Error) => {
      throw new DataError(abs, `cannot be read (${e.message})`);
    });
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === '__MACOSX') continue;
      const childAbs = join(abs, entry.name);
      const childRel = [...rel, entry.name];
      if (entry.isDirectory()) {
        if (depth + 1 > maxDepth) throw new DataError(childAbs, `is nested more than ${maxDepth} folders deep (option maxDepth)`);
        await walk(childAbs, childRel, depth + 1);
      } else if (entry.isFile()) {
        if (found.length >= maxFiles) throw new DataError(dir, `has more than ${maxFiles} files (option maxFiles)`);
        const { size } = await lstat(childAbs);
        if (size > maxFileBytes) throw new DataError(childAbs, `is ${size} bytes, more than the ${maxFileBytes} allowed per file (option maxFileBytes)`);
        total += size;
        if (total > maxTotalBytes) throw new DataError(dir, `holds more than ${maxTotalBytes} bytes of files (option maxTotalBytes)`);
        found.push({ rel: childRel.join('/'), abs: childAbs, size });
      }
      // Symbolic links, sockets and devices are skipped.
    }
  };
  await walk(dir, [], 0);
  found.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  const files: ImageFile[] = [];
  for (const f of found) {
    const buf = await readFile(f.abs).catch((e: Error) => {
      throw new DataError(f.abs, `cannot be read (${e.message})`);
    });
    files.push({ path: f.rel, bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength) });
  }
  return files;
}
