import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { DataError } from '../errors';
import { readImageFolder, type ReadFolderOptions } from './imageFolderNode';
import { loadImageFolder } from './images';
import { solidPng } from './testFixtures';

const roots: string[] = [];
afterAll(() => { for (const r of roots) rmSync(r, { recursive: true, force: true }); });

/** A temp folder with the given files (path → bytes). */
function tree(files: Record<string, Uint8Array | string>): string {
  const root = mkdtempSync(join(tmpdir(), 'lab-images-'));
  roots.push(root);
  for (const [p, bytes] of Object.entries(files)) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), bytes);
  }
  return root;
}

async function rejects(dir: string, message: RegExp, opts: ReadFolderOptions = {}): Promise<void> {
  const err = await readImageFolder(dir, opts).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(DataError);
  expect((err as DataError).message).toMatch(message);
}

describe('readImageFolder', () => {
  it('lists class folders as sorted relative paths, skipping hidden entries and symlinks; loads as a dataset', async () => {
    const dir = tree({
      'dog/b.png': solidPng(4, 4, 200), 'dog/a.png': solidPng(4, 4, 200), 'cat/a.png': solidPng(4, 4, 10), 'cat/b.png': solidPng(4, 4, 10),
      '.git/config': 'x', 'cat/.DS_Store': 'x',
    });
    symlinkSync('/etc/hostname', join(dir, 'cat', 'link.png'));
    const files = await readImageFolder(dir);
    expect(files.map((f) => f.path)).toEqual(['cat/a.png', 'cat/b.png', 'dog/a.png', 'dog/b.png']);
    const ds = await loadImageFolder(files, { name: dir, rng: createRng(1) });
    expect(ds.classNames).toEqual(['cat', 'dog']);
    expect(ds.train.n + ds.test.n).toBe(4);
  });

  it('a missing folder', () => rejects('/no/such/dir/anywhere', /^\/no\/such\/dir\/anywhere: no such folder$/));
  it('a file instead of a folder', () => {
    const dir = tree({ 'x.png': 'x' });
    return rejects(join(dir, 'x.png'), /x\.png: is not a folder/);
  });
  it('too many files, before reading them', () => {
    const dir = tree({ 'a/1': '1', 'a/2': '2', 'b/3': '3' });
    return rejects(dir, /: has more than 2 files \(option maxFiles\)$/, { maxFiles: 2 });
  });
  it('a file over maxFileBytes, named', () => {
    const dir = tree({ 'a/big.png': new Uint8Array(2000) });
    return rejects(dir, /a\/big\.png: is 2000 bytes, more than the 1000 allowed per file/, { maxFileBytes: 1000 });
  });
  it('total bytes over maxTotalBytes', () => {
    const dir = tree({ 'a/1': new Uint8Array(600), 'b/2': new Uint8Array(600) });
    return rejects(dir, /: holds more than 1000 bytes of files \(option maxTotalBytes\)$/, { maxTotalBytes: 1000 });
  });
  it('folders nested too deep', () => {
    const dir = tree({ 'a/b/c/1.png': 'x' });
    return rejects(dir, /a\/b: is nested more than 1 folders deep/, { maxDepth: 1 });
  });
});
