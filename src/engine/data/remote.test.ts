import { describe, expect, it, vi } from 'vitest';
import { createRng } from '../random';
import { CancelledError, DataError } from '../errors';
import { checkDatasetUrl, fetchBytes, loadDatasetFromUrl, type FetchLike, type RemoteKind, type RemoteOptions } from './remote';
import { solidPng, writeZip } from './testFixtures';

const CSV = 'a,b,label\n' + Array.from({ length: 20 }, (_, i) => `${i},${i % 3},${i % 2 ? 'x' : 'y'}`).join('\n');

/** A fetch that answers every URL with `body` (string, bytes or a stream) and `init`. */
function serve(body: BodyInit | null, init: ResponseInit = {}): FetchLike & { calls: string[] } {
  const calls: string[] = [];
  const f = async (url: string) => {
    calls.push(url);
    return new Response(body, init);
  };
  return Object.assign(f, { calls });
}

const opts = (o: Partial<RemoteOptions> = {}): RemoteOptions => ({ rng: createRng(1), ...o });

async function rejects(p: Promise<unknown>, type: typeof DataError | typeof CancelledError, message: RegExp): Promise<void> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(type);
  expect((err as Error).message).toMatch(message);
}

/** A body that produces `chunk` forever, counting how many it produced. */
function endless(chunk: Uint8Array) {
  const state = { pulls: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(c) { state.pulls++; c.enqueue(chunk); },
    cancel() { state.cancelled = true; },
  });
  return { stream, state };
}

describe('loadDatasetFromUrl', () => {
  it('loads a CSV over https, named by its file name', async () => {
    const fetch = serve(CSV, { headers: { 'content-type': 'text/csv' } });
    const ds = await loadDatasetFromUrl('https://example.org/data/iris%20small.csv?x=1', 'csv', opts(), fetch);
    expect(fetch.calls).toEqual(['https://example.org/data/iris%20small.csv?x=1']);
    expect(ds.name).toBe('iris small.csv');
    expect(ds.classNames).toEqual(['x', 'y']);
    expect(ds.train.n + ds.test.n).toBe(20);
  });

  it('passes CSV options through, and CSV errors name the file and row', async () => {
    const numeric = 'a,b,c\n' + Array.from({ length: 12 }, (_, i) => `${i},${i % 3},${i % 2}`).join('\n');
    const ds = await loadDatasetFromUrl('http://example.org/t.csv', 'csv', opts({ csv: { labelColumn: 'b' } }), serve(numeric));
    expect(ds.classNames).toEqual(['0', '1', '2']);
    const short = await loadDatasetFromUrl('http://example.org/t.csv', 'csv', opts({ labelColumn: 'b' }), serve(numeric));
    expect(short.classNames).toEqual(['0', '1', '2']);
    await rejects(loadDatasetFromUrl('https://example.org/t.csv', 'csv', opts(), serve('a,label\n1,x\n2,y,3\n')), DataError, /^t\.csv row 3: has 3 fields, expected 2/);
  });

  it('loads a .zip of class folders as images', async () => {
    const entries = ['cat', 'dog'].flatMap((c, k) => [0, 1, 2, 3, 4].map((i) => ({ path: `pets/${c}/${i}.png`, bytes: solidPng(5, 5, 50 + 100 * k) })));
    const fetch = serve(writeZip(entries), { headers: { 'content-type': 'application/zip' } });
    const ds = await loadDatasetFromUrl('https://example.org/pets.zip', 'images', opts({ images: { width: 8, height: 8 } }), fetch);
    expect(ds.name).toBe('pets.zip');
    expect(ds.classNames).toEqual(['cat', 'dog']);
    expect(ds.inputShape).toEqual([8, 8, 1]);
    expect(ds.train.n + ds.test.n).toBe(10);
  });

  it('an image zip with an undecodable entry names the entry', async () => {
    const entries = [
      { path: 'cat/1.png', bytes: solidPng(2, 2, 1) }, { path: 'dog/1.png', bytes: solidPng(2, 2, 2) },
      { path: 'dog/2.png', bytes: new TextEncoder().encode('not really') },
    ];
    await rejects(loadDatasetFromUrl('https://example.org/pets.zip', 'images', opts(), serve(writeZip(entries))), DataError, /^pets\.zip\/dog\/2\.png: is not a PNG or PGM\/PPM image$/);
  });
});

describe('loadDatasetFromUrl: rejections name the URL and the problem', () => {
  const badUrls: [string, RegExp][] = [
    ['javascript:alert(1)', /^javascript:alert\(1\): uses "javascript:"; only http:\/\/ and https:\/\/ URLs/],
    ['data:text/csv,a,b%0A1,2', /^data:text\/csv,a,b%0A1,2: uses "data:"/],
    ['file:///etc/passwd', /^file:\/\/\/etc\/passwd: uses "file:"/],
    ['ftp://example.org/x.csv', /uses "ftp:"/],
    ['blob:https://example.org/123', /uses "blob:"/],
    ['/relative/x.csv', /^\/relative\/x\.csv: is not a valid absolute URL/],
    ['', /^\(empty URL\): is not a valid absolute URL/],
    ['https://user:secret@example.org/x.csv', /^https:\/\/example\.org: contains a user name or password/],
  ];
  it.each(badUrls)('refuses %j without fetching', async (url, message) => {
    const fetch = serve(CSV);
    await rejects(loadDatasetFromUrl(url, 'csv', opts(), fetch), DataError, message);
    expect(fetch.calls).toEqual([]);
  });

  it('a credential never appears in the message', () => {
    expect(() => checkDatasetUrl('https://user:secret@example.org/x.csv')).toThrow(/^(?!.*secret)/);
  });

  it('a network failure', async () => {
    const fetch: FetchLike = async () => { throw new TypeError('fetch failed'); };
    await rejects(loadDatasetFromUrl('https://down.example/x.csv', 'csv', opts(), fetch), DataError,
      /^https:\/\/down\.example\/x\.csv: could not be fetched while connecting: network error, or the server does not allow cross-origin requests \(fetch failed\)$/);
  });

  it('an HTTP error status', async () => {
    await rejects(loadDatasetFromUrl('https://example.org/x.csv', 'csv', opts(), serve('nope', { status: 404, statusText: 'Not Found' })), DataError,
      /^https:\/\/example\.org\/x\.csv: answered HTTP 404 Not Found$/);
  });

  it('a server that never answers times out', async () => {
    const fetch: FetchLike = (_url, init) => new Promise((_, reject) => {
      init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
    });
    await rejects(loadDatasetFromUrl('https://slow.example/x.csv', 'csv', opts({ timeoutMs: 30 }), fetch), DataError,
      /^https:\/\/slow\.example\/x\.csv: did not finish within 0\.03 s \(timeout\) while connecting$/);
  });

  it('a body that stalls times out, even when the fetch ignores the abort signal', async () => {
    const stalled = new ReadableStream<Uint8Array>({ start(c) { c.enqueue(new Uint8Array([49, 44])); } });
    await rejects(loadDatasetFromUrl('https://slow.example/x.csv', 'csv', opts({ timeoutMs: 30 }), serve(stalled)), DataError,
      /did not finish within 0\.03 s \(timeout\) while downloading$/);
  });

  it('a declared Content-Length over the cap is refused before reading the body', async () => {
    const { stream, state } = endless(new Uint8Array(1000));
    await rejects(loadDatasetFromUrl('https://example.org/big.csv', 'csv', opts({ maxBytes: 5000 }), serve(stream, { headers: { 'content-length': '999999' } })), DataError,
      /^https:\/\/example\.org\/big\.csv: is 999999 bytes, more than the 5000 allowed \(option maxBytes\)$/);
    expect(state.pulls).toBeLessThanOrEqual(1);
  });

  it('an endless body stops just past the cap and is cancelled', async () => {
    const { stream, state } = endless(new Uint8Array(1000).fill(49));
    await rejects(loadDatasetFromUrl('https://example.org/big.csv', 'csv', opts({ maxBytes: 5000 }), serve(stream)), DataError,
      /^https:\/\/example\.org\/big\.csv: is larger than the 5000 bytes allowed \(option maxBytes\); stopped downloading$/);
    expect(state.pulls).toBeLessThan(10);
    expect(state.cancelled).toBe(true);
  });

  it('the user can cancel a download', async () => {
    const controller = new AbortController();
    const fetch: FetchLike = (_url, init) => new Promise((_, reject) => {
      init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      setTimeout(() => controller.abort(), 5);
    });
    await rejects(loadDatasetFromUrl('https://example.org/x.csv', 'csv', opts({ signal: controller.signal }), fetch), CancelledError, /^download cancelled$/);
  });

  const wrong: [string, RemoteKind, BodyInit, ResponseInit, RegExp][] = [
    ['an HTML page for a CSV', 'csv', '<!DOCTYPE html><html><body>Sign in</body></html>', {}, /returned a web page \(HTML\), not a CSV file; link to the file itself$/],
    ['an HTML content type for a zip', 'images', 'whatever', { headers: { 'content-type': 'text/html; charset=utf-8' } }, /returned a web page \(HTML\), not a \.zip of class folders/],
    ['a zip for a CSV', 'csv', writeZip([{ path: 'a/b', bytes: new Uint8Array(3) }]), {}, /returned a ZIP archive, not a CSV file/],
    ['binary data for a CSV', 'csv', new Uint8Array([1, 2, 0, 4, 5]), {}, /returned binary data, not a CSV text file$/],
    ['a single PNG for images', 'images', solidPng(2, 2, 0), {}, /returned a single image; a dataset needs a \.zip of class folders/],
    ['random bytes for images', 'images', new Uint8Array([7, 7, 7, 7, 7]), {}, /did not return a ZIP archive/],
    ['an empty body', 'csv', '', {}, /returned an empty file$/],
  ];
  it.each(wrong)('wrong content: %s', async (_case, kind, body, init, message) => {
    await rejects(loadDatasetFromUrl('https://example.org/thing', kind, opts(), serve(body, init)), DataError, message);
  });

  it('no fetch in this runtime', async () => {
    vi.stubGlobal('fetch', undefined);
    try {
      await rejects(fetchBytes('https://example.org/x', { maxBytes: 10 }), DataError, /^https:\/\/example\.org\/x: cannot be downloaded: this runtime has no fetch$/);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('clears its timer after success (no stray abort later)', async () => {
    vi.useFakeTimers();
    try {
      const fetch = serve(CSV);
      const { bytes } = await fetchBytes('https://example.org/x.csv', { maxBytes: 1e6, timeoutMs: 1000 }, fetch);
      expect(bytes.length).toBe(CSV.length);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
