import { deflateSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { DataError } from '../errors';
import { decodeImage, type DecodeOptions } from './imageDecode';
import { inflate, inflateWithNodeZlib } from './inflate';
import { concat, encodePng, type PngSpec } from './testFixtures';

const OPTS: DecodeOptions = { maxSide: 4096, inflate };
const decode = (bytes: Uint8Array, opts: Partial<DecodeOptions> = {}) => decodeImage(bytes, 'cat/1.png', { ...OPTS, ...opts });

async function rejects(bytes: Uint8Array, message: RegExp, opts: Partial<DecodeOptions> = {}): Promise<void> {
  const err = await decode(bytes, opts).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(DataError);
  expect((err as DataError).message).toMatch(message);
}

const ascii = (s: string) => new TextEncoder().encode(s);

describe('decodeImage: PNG', () => {
  it('grey 8-bit with each of the five row filters decodes to the exact pixels', async () => {
    const samples = [10, 200, 30, 40, 5, 255, 0, 128, 77, 1, 2, 3, 250, 251, 252, 9, 8, 7, 100, 0];
    const png = encodePng({ width: 4, height: 5, colorType: 0, samples, filter: [0, 1, 2, 3, 4] });
    const img = await decode(png);
    expect(img).toMatchObject({ width: 4, height: 5, channels: 1 });
    expect([...img.data]).toEqual(samples);
  });

  it('the same with the node:zlib adapter and data split over several IDAT chunks', async () => {
    const samples = Array.from({ length: 36 }, (_, i) => (i * 37) % 256);
    const png = encodePng({ width: 6, height: 6, colorType: 0, samples, filter: 4, idatChunks: 3 });
    const img = await decode(png, { inflate: inflateWithNodeZlib('deflate') });
    expect([...img.data]).toEqual(samples);
  });

  const rgb = [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30];
  const cases: [string, PngSpec, number, number[]][] = [
    ['RGB 8-bit', { width: 2, height: 2, colorType: 2, samples: rgb, filter: [1, 4] }, 3, rgb],
    ['RGBA 8-bit (alpha dropped)', { width: 2, height: 1, colorType: 6, samples: [1, 2, 3, 0, 4, 5, 6, 255], filter: 3 }, 3, [1, 2, 3, 4, 5, 6]],
    ['grey+alpha 8-bit', { width: 2, height: 1, colorType: 4, samples: [9, 0, 99, 255] }, 1, [9, 99]],
    ['grey 16-bit (high byte)', { width: 2, height: 1, colorType: 0, bitDepth: 16, samples: [0x1234, 0xff00] }, 1, [0x12, 0xff]],
    ['RGB 16-bit', { width: 1, height: 1, colorType: 2, bitDepth: 16, samples: [0x0100, 0x8000, 0xffff] }, 3, [1, 128, 255]],
    ['grey 1-bit (scaled to 0/255)', { width: 10, height: 1, colorType: 0, bitDepth: 1, samples: [1, 0, 1, 1, 0, 0, 0, 1, 0, 1] }, 1, [255, 0, 255, 255, 0, 0, 0, 255, 0, 255]],
    ['grey 2-bit', { width: 3, height: 1, colorType: 0, bitDepth: 2, samples: [0, 1, 3] }, 1, [0, 85, 255]],
    ['grey 4-bit', { width: 3, height: 2, colorType: 0, bitDepth: 4, samples: [0, 15, 5, 1, 2, 3], filter: 2 }, 1, [0, 255, 85, 17, 34, 51]],
    ['palette 8-bit', { width: 3, height: 1, colorType: 3, samples: [1, 0, 1], palette: [1, 2, 3, 4, 5, 6] }, 3, [4, 5, 6, 1, 2, 3, 4, 5, 6]],
    ['palette 4-bit, an out-of-range index shows black', { width: 3, height: 1, colorType: 3, bitDepth: 4, samples: [0, 1, 9], palette: [10, 20, 30, 40, 50, 60] }, 3, [10, 20, 30, 40, 50, 60, 0, 0, 0]],
    ['palette 1-bit', { width: 9, height: 1, colorType: 3, bitDepth: 1, samples: [1, 0, 0, 0, 0, 0, 0, 0, 1], palette: [0, 0, 0, 255, 255, 255] }, 3, [255, 255, 255, ...new Array(21).fill(0), 255, 255, 255]],
  ];
  it.each(cases)('%s', async (_name, spec, channels, expected) => {
    const img = await decode(encodePng(spec));
    expect(img.channels).toBe(channels);
    expect([...img.data]).toEqual(expected);
  });
});

describe('decodeImage: PGM / PPM', () => {
  it('P5 binary grey, with a comment in the header', async () => {
    const img = await decode(concat([ascii('P5\n# made by hand\n3 2\n255\n'), Uint8Array.from([0, 1, 2, 253, 254, 255])]));
    expect(img).toMatchObject({ width: 3, height: 2, channels: 1 });
    expect([...img.data]).toEqual([0, 1, 2, 253, 254, 255]);
  });
  it('P2 ASCII grey with maxval 15 is scaled to 0–255', async () => {
    const img = await decode(ascii('P2 2 2 15\n0 15\n5 10'));
    expect([...img.data]).toEqual([0, 255, 85, 170]);
  });
  it('P6 binary colour, 16-bit samples keep their scale', async () => {
    const img = await decode(concat([ascii('P6 1 1 65535\n'), Uint8Array.from([0xff, 0xff, 0x80, 0x00, 0, 0])]));
    expect(img.channels).toBe(3);
    expect([...img.data]).toEqual([255, 128, 0]);
  });
  it('P3 ASCII colour', async () => {
    const img = await decode(ascii('P3\n2 1\n255\n1 2 3  4 5 6\n'));
    expect([...img.data]).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('decodeImage: rejections name the file and the problem', () => {
  const png = encodePng({ width: 4, height: 4, colorType: 0, samples: new Array(16).fill(7) });
  it('an empty file', () => rejects(new Uint8Array(0), /^cat\/1\.png: is an empty file, not an image$/));
  it('a text file', () => rejects(ascii('hello, world'), /^cat\/1\.png: is not a PNG or PGM\/PPM image$/));
  it('a JPEG', () => rejects(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), /cat\/1\.png: is a JPEG; only PNG and PGM\/PPM/));
  it('a PNG cut short', () => rejects(png.subarray(0, 45), /cat\/1\.png: is a truncated or corrupt PNG/));
  it('a PNG with only its signature', () => rejects(png.subarray(0, 8), /cat\/1\.png: is a truncated PNG/));
  it('corrupt compressed data', async () => {
    const bad = png.slice();
    const idat = findChunk(bad, 'IDAT');
    bad.fill(0xaa, idat + 8, idat + 12);
    await rejects(bad, /cat\/1\.png: is a PNG with corrupt compressed data/);
  });
  it('an unknown row filter', () => rejects(withRaw(png, (raw) => { raw[0] = 9; }), /cat\/1\.png: is a PNG with an unknown row filter 9 \(row 1\)/));
  it('image data shorter than its size', () => rejects(withRaw(png, (raw) => raw.subarray(0, 10)), /cat\/1\.png: is a PNG with truncated image data/));
  it('an interlaced PNG', () => rejects(encodePng({ width: 2, height: 2, colorType: 0, samples: [1, 2, 3, 4], interlace: true }), /cat\/1\.png: is an interlaced PNG, which is not supported/));
  it('an invalid colour type / depth pair', () => rejects(encodePng({ width: 1, height: 1, colorType: 2, bitDepth: 4, samples: [1, 2, 3] }), /colour type 2 \/ bit depth 4/));
  it('a palette PNG without PLTE', () => rejects(encodePng({ width: 1, height: 1, colorType: 3, samples: [0] }), /palette PNG without a palette/));
  it('a zero-size image', () => rejects(encodePng({ width: 0, height: 3, colorType: 0, samples: [] }), /^cat\/1\.png: is a zero-size image \(0×3\)$/));
  it('absurd dimensions are rejected before inflating or allocating anything', async () => {
    const spy = vi.fn(inflate);
    const huge = png.slice();
    new DataView(huge.buffer).setUint32(16, 100_000); // IHDR width
    await rejects(huge, /^cat\/1\.png: is 100000×4 pixels; at most 4096 per side is accepted$/, { inflate: spy });
    expect(spy).not.toHaveBeenCalled();
  });
  it('data that inflates past the declared size (a decompression bomb) stops early', () => {
    const bomb = withRaw(png, () => new Uint8Array(10_000_000));
    return rejects(bomb, /cat\/1\.png: is a PNG whose data expands past its 4×4 size/);
  });
  it('a PBM bitmap', () => rejects(ascii('P1 1 1 1'), /is a PBM bitmap/));
  it('a truncated PGM', () => rejects(concat([ascii('P5 100 100 255\n'), new Uint8Array(50)]), /^cat\/1\.png: is a truncated PGM\/PPM file$/));
  it('a huge PGM header on a tiny file is not allocated', () => rejects(ascii('P2 4000 4000 255\n1 2 3'), /is a truncated PGM\/PPM file/));
  it('a PGM with a junk header', () => rejects(ascii('P5 12x 3 255\n'), /is a corrupt PGM\/PPM file/));
});

/** Byte offset of the first chunk of `type`. */
function findChunk(png: Uint8Array, type: string): number {
  const v = new DataView(png.buffer, png.byteOffset);
  for (let at = 8; at < png.length;) {
    if (String.fromCharCode(...png.subarray(at + 4, at + 8)) === type) return at;
    at += 12 + v.getUint32(at);
  }
  throw new Error(`no ${type}`);
}

/** Rebuilds a 4×4 grey PNG around modified raw scanlines. */
function withRaw(png: Uint8Array, edit: (raw: Uint8Array) => Uint8Array | void): Uint8Array {
  const raw = new Uint8Array(4 * 5).fill(7);
  for (let y = 0; y < 4; y++) raw[y * 5] = 0;
  const edited = edit(raw) ?? raw;
  const idat = new Uint8Array(deflateSync(edited));
  const at = findChunk(png, 'IDAT');
  const head = png.subarray(0, at);
  const body = new Uint8Array(12 + idat.length);
  new DataView(body.buffer).setUint32(0, idat.length);
  body.set(new TextEncoder().encode('IDAT'), 4);
  body.set(idat, 8);
  return concat([head, body, png.subarray(findChunk(png, 'IEND'))]);
}
