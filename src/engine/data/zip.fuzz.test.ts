import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DataError } from '../errors';
import { readZip } from './zip';
import { writeZip } from './testFixtures';

const NAME = 'fuzz.zip';
const RUNS = { seed: 4242, numRuns: 200 };

/** Either entries whose paths and sizes are sane, or a DataError naming the archive or an entry. */
async function check(bytes: Uint8Array): Promise<void> {
  try {
    const entries = await readZip(bytes, { name: NAME, maxTotalBytes: 1_000_000 });
    for (const e of entries) {
      expect(typeof e.path).toBe('string');
      expect(e.bytes).toBeInstanceOf(Uint8Array);
    }
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    const err = e as DataError;
    expect(err.where.startsWith(NAME)).toBe(true);
    expect(err.message.length).toBeGreaterThan(err.where.length + 2);
  }
}

const sample = writeZip([
  { path: 'cat/1.txt', bytes: new TextEncoder().encode('meow '.repeat(20)), method: 8 },
  { path: 'dog/2.txt', bytes: new TextEncoder().encode('woof'), method: 0 },
  { path: 'dog/', bytes: new Uint8Array(0), method: 0 },
]);

/** An end-of-central-directory record with random fields, after random bytes. */
const withEnd = fc.record({
  body: fc.uint8Array({ maxLength: 300 }),
  fields: fc.array(fc.nat({ max: 0xffffffff }), { minLength: 6, maxLength: 6 }),
}).map(({ body, fields }) => {
  const end = new Uint8Array(22);
  const v = new DataView(end.buffer);
  v.setUint32(0, 0x06054b50, true);
  v.setUint16(8, fields[0] & 0xffff, true);
  v.setUint16(10, fields[0] & 0xffff, true);
  v.setUint32(12, fields[1] % (body.length + 1), true);
  v.setUint32(16, fields[2] % (body.length + 1), true);
  v.setUint16(20, fields[3] & 3, true);
  const out = new Uint8Array(body.length + 22);
  out.set(body);
  out.set(end, body.length);
  return out;
});

describe('readZip fuzz: only DataErrors, each naming the archive or an entry', () => {
  it('random bytes', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 500 }), check), RUNS);
  });

  it('random bytes ending in a plausible end record', async () => {
    await fc.assert(fc.asyncProperty(withEnd, check), RUNS);
  });

  it('a valid archive with random byte edits', async () => {
    const edits = fc.array(fc.tuple(fc.nat({ max: sample.length - 1 }), fc.nat({ max: 255 })), { minLength: 1, maxLength: 6 });
    await fc.assert(fc.asyncProperty(edits, async (es) => {
      const z = sample.slice();
      for (const [at, v] of es) z[at] = v;
      await check(z);
    }), RUNS);
  });

  it('a valid archive cut anywhere', async () => {
    await fc.assert(fc.asyncProperty(fc.nat({ max: sample.length }), async (n) => {
      await check(sample.subarray(0, n));
    }), RUNS);
  });
});
