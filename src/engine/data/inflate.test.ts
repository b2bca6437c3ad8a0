import { deflateRawSync, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inflate, inflateRaw, inflateWithNodeZlib, inflateWithStream, InflateLimitError, type DeflateFormat, type Inflate } from './inflate';

const data = Uint8Array.from({ length: 50_000 }, (_, i) => (i * 31) % 97);
const packed: Record<DeflateFormat, Uint8Array> = {
  deflate: new Uint8Array(deflateSync(data)),
  'deflate-raw': new Uint8Array(deflateRawSync(data)),
};

const adapters: [string, DeflateFormat, Inflate][] = [
  ['stream deflate', 'deflate', inflateWithStream('deflate')],
  ['stream deflate-raw', 'deflate-raw', inflateWithStream('deflate-raw')],
  ['node deflate', 'deflate', inflateWithNodeZlib('deflate')],
  ['node deflate-raw', 'deflate-raw', inflateWithNodeZlib('deflate-raw')],
  ['default inflate', 'deflate', inflate],
  ['default inflateRaw', 'deflate-raw', inflateRaw],
];

describe.each(adapters)('%s', (_name, format, run) => {
  it('round-trips', async () => {
    const out = await run(packed[format]);
    // Buffer.compare, not toEqual: deep equality over 50k elements takes a second.
    expect(out.length).toBe(data.length);
    expect(Buffer.compare(out, data)).toBe(0);
  });
  it('stops with InflateLimitError past maxOutputBytes', async () => {
    await expect(run(packed[format], 1000)).rejects.toBeInstanceOf(InflateLimitError);
  });
  it('rejects corrupt input with an Error', async () => {
    await expect(run(Uint8Array.from([0xff, 0xff, 0xff, 0x00, 0x13]))).rejects.toBeInstanceOf(Error);
  });
  it('rejects truncated input', async () => {
    await expect(run(packed[format].subarray(0, 20))).rejects.toBeInstanceOf(Error);
  });
});
