import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DataError } from '../errors';
import { inflateWithNodeZlib, inflateWithStream } from './inflate';
import { readZip, type ZipOptions } from './zip';
import { writeZip } from './testFixtures';

const text = (s: string) => new TextEncoder().encode(s);
const read = (bytes: Uint8Array, opts: Partial<ZipOptions> = {}) => readZip(bytes, { name: 'pets.zip', ...opts });

async function rejects(bytes: Uint8Array, message: RegExp, opts: Partial<ZipOptions> = {}): Promise<void> {
  const err = await read(bytes, opts).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(DataError);
  expect((err as DataError).message).toMatch(message);
}

/** Offset of the n-th central directory record (0-based). */
function centralAt(zip: Uint8Array, n = 0): number {
  const v = new DataView(zip.buffer, zip.byteOffset);
  let seen = 0;
  for (let p = 0; p + 4 <= zip.length; p++) if (v.getUint32(p, true) === 0x02014b50 && seen++ === n) return p;
  throw new Error('no central record');
}

const sample = () => writeZip([
  { path: 'cat/', bytes: new Uint8Array(0), method: 0 },
  { path: 'cat/1.txt', bytes: text('meow meow meow meow'), method: 8 },
  { path: 'dog/2.txt', bytes: text('woof'), method: 0 },
  { path: 'dog/empty.bin', bytes: new Uint8Array(0), method: 8 },
], 'a comment at the end');

describe('readZip', () => {
  it.each([
    ['the default inflate', undefined],
    ['DecompressionStream', inflateWithStream('deflate-raw')],
    ['node:zlib', inflateWithNodeZlib('deflate-raw')],
  ])('reads stored and deflated entries, skips directories (%s)', async (_label, inflateRaw) => {
    const entries = await read(sample(), { inflateRaw });
    expect(entries.map((e) => e.path)).toEqual(['cat/1.txt', 'dog/2.txt', 'dog/empty.bin']);
    expect(new TextDecoder().decode(entries[0].bytes)).toBe('meow meow meow meow');
    expect(new TextDecoder().decode(entries[1].bytes)).toBe('woof');
    expect(entries[2].bytes.length).toBe(0);
  });

  it('an empty archive has no entries', async () => {
    expect(await read(writeZip([]))).toEqual([]);
  });

  it('reads a larger binary entry exactly', async () => {
    const big = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 251);
    const [e] = await read(writeZip([{ path: 'a/b.bin', bytes: big }]));
    expect(e.bytes.length).toBe(big.length);
    expect(Buffer.compare(e.bytes, big)).toBe(0);
  });
});

describe('readZip: rejections name the archive or entry', () => {
  it('too short', () => rejects(new Uint8Array(10), /^pets\.zip: is not a ZIP archive \(too short\)$/));
  it('not a zip', () => rejects(text('<html><body>Not found</body></html>'), /^pets\.zip: is not a ZIP archive \(no end of central directory record\)$/));
  it('cut short (central directory gone)', () => {
    const z = sample();
    return rejects(z.subarray(0, z.length - 60), /^pets\.zip: is not a ZIP archive/);
  });
  it('central directory out of bounds', () => {
    const z = sample();
    const v = new DataView(z.buffer);
    const end = z.length - 22 - 'a comment at the end'.length;
    v.setUint32(end + 16, z.length, true);
    return rejects(z, /^pets\.zip: is a corrupt ZIP archive \(central directory out of bounds\)$/);
  });
  it('a damaged central record', () => {
    const z = sample();
    z[centralAt(z, 1)] = 0;
    return rejects(z, /^pets\.zip: is a corrupt ZIP archive \(central directory entry 2 of 4 is damaged\)$/);
  });
  it('a CRC mismatch', () => {
    const z = writeZip([{ path: 'a/x.txt', bytes: text('hello'), method: 0 }]);
    z[30 + 'a/x.txt'.length] ^= 1; // first data byte
    return rejects(z, /^pets\.zip\/a\/x\.txt: fails its CRC-32 check/);
  });
  it('an encrypted entry', () => {
    const z = writeZip([{ path: 'a/x.txt', bytes: text('hello') }]);
    new DataView(z.buffer).setUint16(centralAt(z) + 8, 0x0801, true);
    return rejects(z, /^pets\.zip\/a\/x\.txt: is encrypted/);
  });
  it('an unsupported compression method', () => {
    const z = writeZip([{ path: 'a/x.txt', bytes: text('hello') }]);
    new DataView(z.buffer).setUint16(centralAt(z) + 10, 14, true);
    return rejects(z, /^pets\.zip\/a\/x\.txt: uses compression method 14; only stored \(0\) and deflate \(8\)/);
  });
  it('a ZIP64 marker', () => {
    const z = writeZip([{ path: 'a/x.txt', bytes: text('hello') }]);
    new DataView(z.buffer).setUint32(centralAt(z) + 24, 0xffffffff, true);
    return rejects(z, /^pets\.zip\/a\/x\.txt: is a ZIP64 entry/);
  });
  it('a missing local header', () => {
    const z = writeZip([{ path: 'a/x.txt', bytes: text('hello') }]);
    z[0] = 0;
    return rejects(z, /^pets\.zip\/a\/x\.txt: is a corrupt entry \(its local header is missing\)$/);
  });
  it('a bomb: data inflating past its declared size stops at that size', () => {
    const zeros = new Uint8Array(5_000_000);
    const z = writeZip([{ path: 'a/bomb.bin', bytes: zeros }]);
    // Declare 1000 bytes in the central directory; the data still holds 5 MB of zeros.
    new DataView(z.buffer).setUint32(centralAt(z) + 24, 1000, true);
    return rejects(z, /^pets\.zip\/a\/bomb\.bin: decompresses to more than its declared 1000 bytes$/);
  });
  it('declared sizes over maxTotalBytes, before inflating anything', () =>
    rejects(writeZip([{ path: 'a/1', bytes: new Uint8Array(600) }, { path: 'a/2', bytes: new Uint8Array(600) }]),
      /^pets\.zip: would unpack to 1200 bytes, more than the 1000 allowed \(option maxTotalBytes\)$/, { maxTotalBytes: 1000 }));
  it('more entries than maxEntries', () =>
    rejects(writeZip([{ path: 'a/1', bytes: text('1') }, { path: 'a/2', bytes: text('2') }]), /^pets\.zip: has 2 entries, more than the 1 allowed/, { maxEntries: 1 }));
  it('corrupt deflate data', () => {
    const good = new Uint8Array(deflateRawSync(text('hello hello hello')));
    const z = writeZip([{ path: 'a/x.txt', bytes: text('hello hello hello') }]);
    const at = 30 + 'a/x.txt'.length;
    expect([...z.subarray(at, at + good.length)]).toEqual([...good]);
    z.fill(0xff, at, at + 3);
    return rejects(z, /^pets\.zip\/a\/x\.txt: (has corrupt compressed data|decompresses to|fails its CRC)/);
  });
});
