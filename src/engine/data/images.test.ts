import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { DataError } from '../errors';
import { imageFolderDataset, loadImageFolder, resample, type ImageFile, type ImageFolderOptions } from './images';
import { inflateWithNodeZlib } from './inflate';
import { encodePng, solidPng } from './testFixtures';

const load = (files: ImageFile[], opts: Partial<ImageFolderOptions> = {}) =>
  loadImageFolder(files, { name: 'pets', rng: createRng(1), ...opts });

async function rejects(files: ImageFile[], message: RegExp, opts: Partial<ImageFolderOptions> = {}): Promise<void> {
  const err = await load(files, opts).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(DataError);
  expect((err as DataError).message).toMatch(message);
}

/** `perClass` solid images per class; class c has grey value values[c] and size 8×6. */
function folder(classes: string[], perClass: number, values = [40, 200, 120]): ImageFile[] {
  const files: ImageFile[] = [];
  classes.forEach((c, k) => {
    for (let i = 0; i < perClass; i++) files.push({ path: `${c}/${String(i).padStart(3, '0')}.png`, bytes: solidPng(8, 6, values[k]) });
  });
  return files;
}

describe('loadImageFolder', () => {
  it('two class folders: 28×28 grey bytes, xScale 1/255, sorted class names, 80/20 split, labels match pixels', async () => {
    const ds = await load(folder(['dog', 'cat'], 10));
    expect(ds.name).toBe('pets');
    expect(ds.inputShape).toEqual([28, 28, 1]);
    expect(ds.classNames).toEqual(['cat', 'dog']);
    expect(ds.numClasses).toBe(2);
    expect(ds.xScale).toBeCloseTo(1 / 255, 12);
    expect(ds.normalization).toBeUndefined();
    expect(ds.train.n).toBe(16);
    expect(ds.test.n).toBe(4);
    expect(ds.train.x).toBeInstanceOf(Uint8Array);
    expect(ds.train.x.length).toBe(16 * 784);
    for (const s of [ds.train, ds.test]) {
      for (let i = 0; i < s.n; i++) {
        // dog (folder index 0) was drawn with 40, cat with 200; resizing a solid image keeps its value.
        const want = ds.classNames[s.y[i]] === 'dog' ? 40 : 200;
        const img = s.x.subarray(i * 784, (i + 1) * 784);
        expect(img.every((v) => v === want)).toBe(true);
      }
    }
    expect(new Set(ds.test.y).size).toBe(2);
  });

  it('is deterministic for a seed and does not depend on the order files arrive in', async () => {
    const files = folder(['a', 'b', 'c'], 6);
    const a = await load(files, { rng: createRng(9) });
    const b = await load([...files].reverse(), { rng: createRng(9) });
    expect([...a.train.y]).toEqual([...b.train.y]);
    expect([...a.test.x]).toEqual([...b.test.x]);
  });

  it('rgb option, target size and the node:zlib inflate adapter', async () => {
    const files: ImageFile[] = [];
    for (let i = 0; i < 4; i++) {
      files.push({ path: `red/${i}.png`, bytes: encodePng({ width: 3, height: 3, colorType: 2, samples: new Array(9).fill([255, 0, 0]).flat() }) });
      files.push({ path: `grey/${i}.pgm`, bytes: new Uint8Array([...new TextEncoder().encode('P5 2 2 255\n'), 9, 9, 9, 9]) });
    }
    const ds = await load(files, { color: 'rgb', width: 5, height: 4, inflate: inflateWithNodeZlib('deflate') });
    expect(ds.inputShape).toEqual([4, 5, 3]);
    expect(ds.train.x.length).toBe(ds.train.n * 60);
    const i = ds.train.y.indexOf(ds.classNames.indexOf('red'));
    expect([...ds.train.x.subarray(i * 60, i * 60 + 3)]).toEqual([255, 0, 0]);
    const g = ds.train.y.indexOf(ds.classNames.indexOf('grey'));
    expect([...ds.train.x.subarray(g * 60, g * 60 + 3)]).toEqual([9, 9, 9]);
    // Grey by default: RGB red becomes its BT.601 luma.
    const grey = await load(files, { width: 2, height: 2 });
    const r = grey.train.y.indexOf(grey.classNames.indexOf('red'));
    expect(grey.train.x[r * 4]).toBe(76);
  });

  it('strips one shared root folder and skips dotfiles, __MACOSX and Thumbs.db', async () => {
    const files = folder(['cat', 'dog'], 3).map((f) => ({ ...f, path: `pets/${f.path}` }));
    files.push({ path: 'pets/.DS_Store', bytes: new Uint8Array([0, 1, 2]) });
    files.push({ path: '__MACOSX/pets/cat/._000.png', bytes: new Uint8Array([0, 1, 2]) });
    files.push({ path: 'pets\\dog\\Thumbs.db', bytes: new Uint8Array([5]) });
    const ds = await load(files);
    expect(ds.classNames).toEqual(['cat', 'dog']);
    expect(ds.train.n + ds.test.n).toBe(6);
    // Messages still give the file's real path, root included.
    await rejects([...files, { path: 'pets/cat/bad.png', bytes: new Uint8Array([1]) }], /^pets\/pets\/cat\/bad\.png: is not a PNG/);
  });

  it('imageFolderDataset without an rng splits deterministically (fixed seed)', async () => {
    const files = folder(['a', 'b'], 5);
    const a = await imageFolderDataset(files, { name: 'x' });
    const b = await imageFolderDataset(files, { name: 'x' });
    expect([...a.test.x]).toEqual([...b.test.x]);
    expect(a.test.n).toBe(2);
  });

  it('resampling: area averages blocks, nearest picks, bilinear interpolates', () => {
    // 4×4 image of four 2×2 blocks.
    const data = Uint8Array.from([10, 10, 20, 20, 10, 10, 20, 20, 30, 30, 40, 40, 30, 30, 40, 40]);
    const img = { width: 4, height: 4, channels: 1 as const, data };
    expect([...resample(img, 2, 2, 'area')]).toEqual([10, 20, 30, 40]);
    expect([...resample(img, 2, 2, 'nearest')]).toEqual([10, 20, 30, 40]);
    const thin = { width: 4, height: 1, channels: 1 as const, data: Uint8Array.from([0, 255, 0, 0]) };
    expect([...resample(thin, 1, 1, 'area')]).toEqual([64]);
    const two = { width: 2, height: 1, channels: 1 as const, data: Uint8Array.from([0, 200]) };
    expect([...resample(two, 4, 1, 'bilinear')]).toEqual([0, 50, 150, 200]);
  });
});

describe('loadImageFolder: rejections name the file or option and the problem', () => {
  it('no files', () => rejects([], /^pets: has no files; expected images in class folders/));
  it('only system files', () => rejects([{ path: '.DS_Store', bytes: new Uint8Array(1) }], /^pets: has no image files \(only hidden or system files\)$/));
  it('a single class', () => rejects(folder(['cat'], 4), /^pets: has one class folder only \("cat"\); need at least 2 classes/));
  it('a file outside the class folders', () =>
    rejects([...folder(['cat', 'dog'], 2), { path: 'README.png', bytes: solidPng(2, 2, 0) }], /^pets\/README\.png: is not inside a class folder/));
  it('a file that is not an image, named', () =>
    rejects([...folder(['cat', 'dog'], 2), { path: 'dog/notes.txt', bytes: new TextEncoder().encode('woof') }], /^pets\/dog\/notes\.txt: is not a PNG or PGM\/PPM image$/));
  it('a corrupt PNG, named', () => {
    const bad = solidPng(4, 4, 1).slice(0, 50);
    return rejects([...folder(['cat', 'dog'], 2), { path: 'cat/broken.png', bytes: bad }], /^pets\/cat\/broken\.png: is a truncated or corrupt PNG/);
  });
  it('a zero-size image', () =>
    rejects([...folder(['cat', 'dog'], 2), { path: 'cat/empty.png', bytes: encodePng({ width: 5, height: 0, colorType: 0, samples: [] }) }], /^pets\/cat\/empty\.png: is a zero-size image \(5×0\)$/));
  it('an image with absurd dimensions', () => {
    const big = solidPng(2, 2, 0);
    new DataView(big.buffer).setUint32(20, 50_000); // IHDR height
    return rejects([...folder(['cat', 'dog'], 2), { path: 'dog/huge.png', bytes: big }], /^pets\/dog\/huge\.png: is 2×50000 pixels; at most 4096 per side/);
  });
  it('an image larger than the maxSide option', () =>
    rejects(folder(['cat', 'dog'], 2), /^pets\/cat\/000\.png: is 8×6 pixels; at most 7 per side/, { maxSide: 7 }));
  it('too many files, before decoding any', () => rejects(folder(['cat', 'dog'], 6), /^pets: has 12 files, more than the 10 allowed \(option maxFiles\)$/, { maxFiles: 10 }));
  it('total bytes over the cap, before decoding any', () =>
    rejects(folder(['cat', 'dog'], 4), /^pets: holds \d+ bytes of files, more than the 100 allowed \(option maxTotalBytes\)$/, { maxTotalBytes: 100 }));
  it('more classes than maxClasses', () => rejects(folder(['a', 'b', 'c'], 2), /^pets: has 3 class folders, more than the 2 allowed/, { maxClasses: 2 }));
  it('a ".." path', () => rejects([...folder(['cat', 'dog'], 2), { path: 'cat/../../etc/x.png', bytes: solidPng(1, 1, 0) }], /^pets\/cat\/\.\.\/\.\.\/etc\/x\.png: has "\.\." in its path$/));
  it('a bad width option', () => rejects(folder(['cat', 'dog'], 2), /^pets: option width must be an integer in 1\.\.512, got 0$/, { width: 0 }));
  it('a bad color option', () => rejects(folder(['cat', 'dog'], 2), /^pets: option color must be "grey" or "rgb", got "cmyk"$/, { color: 'cmyk' as 'rgb' }));
  it('too few images to hold out a test set', () => rejects(folder(['cat', 'dog'], 1), /^pets: only 2 samples, one per class/));
});
