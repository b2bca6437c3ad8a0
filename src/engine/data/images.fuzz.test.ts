import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createRng } from '../random';
import { DataError } from '../errors';
import { loadImageFolder, type ImageFile, type ImageFolderOptions } from './images';
import { encodePng, solidPng } from './testFixtures';

const NAME = 'fuzz-folder';
const RUNS = { seed: 777, numRuns: 200 };
const SMALL = { maxSide: 256, width: 8, height: 8 } satisfies Partial<ImageFolderOptions>;

/** Either a well-formed Dataset or a DataError whose message names the folder or a file in it. */
async function check(files: ImageFile[], opts: Partial<ImageFolderOptions> = {}): Promise<void> {
  let ds;
  try {
    ds = await loadImageFolder(files, { name: NAME, rng: createRng(2), ...SMALL, ...opts });
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    const err = e as DataError;
    expect(err.where.startsWith(NAME)).toBe(true);
    expect(err.message.length).toBeGreaterThan(err.where.length + 2);
    return;
  }
  const [h, w, c] = ds.inputShape;
  expect(ds.numClasses).toBeGreaterThanOrEqual(2);
  for (const s of [ds.train, ds.test]) {
    expect(s.x.length).toBe(s.n * h * w * c);
    expect([...s.y].every((v) => v >= 0 && v < ds.numClasses)).toBe(true);
  }
}

// One PNG and one PGM per class keeps each run to a single inflate besides the fuzzed file.
const pgm = (v: number) => Uint8Array.from([...new TextEncoder().encode('P5 2 3 255\n'), v, v, v, v, v, v]);
const GOOD: ImageFile[] = [
  { path: 'cat/1.png', bytes: solidPng(3, 3, 10) }, { path: 'cat/2.pgm', bytes: pgm(20) },
  { path: 'dog/1.pgm', bytes: pgm(30) }, { path: 'dog/2.pgm', bytes: pgm(40) },
];
const good = (): ImageFile[] => [...GOOD];

const path = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.array(fc.constantFrom('cat', 'dog', '', '.', '..', '.hidden', '__MACOSX', 'a\\b', ' ', '%2e%2e', 'x.png', 'é'), { minLength: 1, maxLength: 4 }).map((s) => s.join('/')),
);

/** A valid small PNG with some bytes overwritten, or cut short. */
const mutatedPng = fc.record({
  colorType: fc.constantFrom(0, 2, 3, 4, 6),
  w: fc.integer({ min: 1, max: 6 }),
  h: fc.integer({ min: 1, max: 6 }),
  edits: fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { maxLength: 4 }),
  cut: fc.option(fc.nat(), { nil: undefined }),
}).map(({ colorType, w, h, edits, cut }) => {
  const spp = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colorType]!;
  const png = encodePng({
    width: w, height: h, colorType: colorType as 0 | 2 | 3 | 4 | 6,
    samples: Array.from({ length: w * h * spp }, (_, i) => (i * 53) % (colorType === 3 ? 2 : 256)),
    palette: colorType === 3 ? [0, 0, 0, 255, 255, 255] : undefined,
    filter: (w + h) % 5,
  });
  for (const [at, v] of edits) png[at % png.length] = v;
  return cut === undefined ? png : png.subarray(0, cut % (png.length + 1));
});

/** A PGM/PPM header with random numbers and a random raster. */
const pnm = fc.record({
  magic: fc.constantFrom('P1', 'P2', 'P3', 'P5', 'P6', 'P7', 'P'),
  nums: fc.array(fc.oneof(fc.nat({ max: 70000 }).map(String), fc.constantFrom('#c\n', '-1', '1e3', 'x', '99999999999')), { maxLength: 4 }),
  body: fc.uint8Array({ maxLength: 300 }),
}).map(({ magic, nums, body }) => {
  const head = new TextEncoder().encode(`${magic} ${nums.join(' ')}\n`);
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
});

describe('loadImageFolder fuzz: only DataErrors, each naming the folder or file', () => {
  it('random bytes as one more image', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (bytes) => {
      await check([...good(), { path: 'dog/random.png', bytes }]);
    }), RUNS);
  });

  it('random PNG-signed bytes (past the signature check)', async () => {
    const sig = [137, 80, 78, 71, 13, 10, 26, 10];
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (rest) => {
      await check([...good(), { path: 'cat/sig.png', bytes: Uint8Array.from([...sig, ...rest]) }]);
    }), RUNS);
  });

  it('valid PNGs of every colour type with random byte edits and truncations', async () => {
    await fc.assert(fc.asyncProperty(mutatedPng, async (bytes) => {
      await check([...good(), { path: 'cat/mutant.png', bytes }]);
    }), RUNS);
  });

  it('PGM/PPM headers with random numbers', async () => {
    await fc.assert(fc.asyncProperty(pnm, async (bytes) => {
      await check([...good(), { path: 'dog/x.pgm', bytes }]);
    }), RUNS);
  });

  it('random paths and random file lists', async () => {
    const files = fc.array(fc.record({ path, bytes: fc.oneof(fc.uint8Array({ maxLength: 50 }), fc.constant(solidPng(2, 2, 9))) }), { maxLength: 8 });
    await fc.assert(fc.asyncProperty(files, async (fs) => {
      await check(fs);
    }), RUNS);
  });

  it('random options', async () => {
    const options = fc.record({
      width: fc.oneof(fc.integer({ min: -2, max: 40 }), fc.constant(Number.NaN)),
      height: fc.integer({ min: 0, max: 40 }),
      color: fc.constantFrom('grey', 'rgb', 'hsv') as fc.Arbitrary<'grey' | 'rgb'>,
      resize: fc.constantFrom('nearest', 'bilinear', 'area', 'cubic') as fc.Arbitrary<'area'>,
      maxFiles: fc.integer({ min: 0, max: 6 }),
      maxSide: fc.integer({ min: 0, max: 5 }),
      testFraction: fc.double({ min: -0.5, max: 1.5 }),
    }, { requiredKeys: [] });
    await fc.assert(fc.asyncProperty(options, async (o) => {
      await check(good(), o);
    }), RUNS);
  });
});
