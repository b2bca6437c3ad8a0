/**
 * A small ZIP reader for datasets given as an archive of class folders: reads
 * the central directory, then each entry's data (stored or deflate). Hostile
 * archives are expected: every offset is bounds-checked, the declared sizes
 * are capped before anything is inflated, inflation stops at the declared
 * size, and each entry's CRC-32 is verified. Not supported (rejected with a
 * message): ZIP64, multi-part archives, encryption, other compression methods.
 */
import { DataError } from '../errors';
import { InflateLimitError, inflateRaw as defaultInflateRaw, type Inflate } from './inflate';

export interface ZipEntry {
  /** Path inside the archive, '/'-separated. */
  path: string;
  bytes: Uint8Array;
}

export interface ZipOptions {
  /** Names the archive in messages. */
  name: string;
  /** Raw-deflate inflate; default picks DecompressionStream or node:zlib. */
  inflateRaw?: Inflate;
  maxEntries?: number;
  /** Cap on the sum of the entries' uncompressed sizes. */
  maxTotalBytes?: number;
}

export const ZIP_DEFAULTS = { maxEntries: 20_000, maxTotalBytes: 200 * 1024 * 1024 } as const;

const EOCD_SIG = 0x06054b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;

interface CentralRecord {
  path: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** The file entries of a ZIP archive (directories left out), in archive order. */
export async function readZip(bytes: Uint8Array, opts: ZipOptions): Promise<ZipEntry[]> {
  const name = opts.name || 'ZIP archive';
  const records = readCentralDirectory(bytes, name, opts.maxEntries ?? ZIP_DEFAULTS.maxEntries);
  const maxTotal = opts.maxTotalBytes ?? ZIP_DEFAULTS.maxTotalBytes;
  const files = records.filter((r) => !r.path.endsWith('/'));
  const total = files.reduce((s, r) => s + r.size, 0);
  if (total > maxTotal) {
    throw new DataError(name, `would unpack to ${total} bytes, more than the ${maxTotal} allowed (option maxTotalBytes)`);
  }
  const inflate = opts.inflateRaw ?? defaultInflateRaw;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: ZipEntry[] = [];
  for (const r of files) {
    const where = `${name}/${r.path}`;
    if (r.flags & 1) throw new DataError(where, 'is encrypted; encrypted archives are not supported');
    if (r.method !== 0 && r.method !== 8) {
      throw new DataError(where, `uses compression method ${r.method}; only stored (0) and deflate (8) are supported`);
    }
    const at = r.localOffset;
    if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL_SIG) {
      throw new DataError(where, 'is a corrupt entry (its local header is missing)');
    }
    const dataStart = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    if (dataStart + r.compressedSize > bytes.length) throw new DataError(where, 'is a corrupt entry (its data runs past the end of the archive)');
    const data = bytes.subarray(dataStart, dataStart + r.compressedSize);
    let content: Uint8Array;
    if (r.method === 0) {
      if (r.compressedSize !== r.size) throw new DataError(where, 'is a corrupt stored entry (its two sizes differ)');
      content = data.slice();
    } else {
      try {
        content = await inflate(data, r.size);
      } catch (e) {
        if (e instanceof InflateLimitError) throw new DataError(where, `decompresses to more than its declared ${r.size} bytes`);
        throw new DataError(where, `has corrupt compressed data (${(e as Error)?.message ?? String(e)})`);
      }
      if (content.length !== r.size) throw new DataError(where, `decompresses to ${content.length} bytes, not the declared ${r.size}`);
    }
    if (crc32(content) !== r.crc) throw new DataError(where, 'fails its CRC-32 check (the archive is corrupt)');
    out.push({ path: r.path, bytes: content });
  }
  return out;
}

function readCentralDirectory(bytes: Uint8Array, name: string, maxEntries: number): CentralRecord[] {
  if (bytes.length < 22) throw new DataError(name, 'is not a ZIP archive (too short)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end record sits in the last 22 bytes plus a comment of up to 65535 bytes.
  let end = -1;
  for (let p = bytes.length - 22; p >= Math.max(0, bytes.length - 22 - 65535); p--) {
    if (view.getUint32(p, true) === EOCD_SIG && p + 22 + view.getUint16(p + 20, true) <= bytes.length) { end = p; break; }
  }
  if (end < 0) throw new DataError(name, 'is not a ZIP archive (no end of central directory record)');
  const count = view.getUint16(end + 10, true);
  const cdSize = view.getUint32(end + 12, true);
  const cdOffset = view.getUint32(end + 16, true);
  if (view.getUint16(end + 4, true) !== 0 || view.getUint16(end + 6, true) !== 0 || view.getUint16(end + 8, true) !== count) {
    throw new DataError(name, 'is a multi-part ZIP archive, which is not supported');
  }
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    throw new DataError(name, 'is a ZIP64 archive, which is not supported (keep it under 4 GB and 65535 files)');
  }
  if (count > maxEntries) throw new DataError(name, `has ${count} entries, more than the ${maxEntries} allowed (option maxEntries)`);
  if (cdOffset + cdSize > end) throw new DataError(name, 'is a corrupt ZIP archive (central directory out of bounds)');
  const decoder = new TextDecoder('utf-8');
  const records: CentralRecord[] = [];
  let p = cdOffset;
  for (let k = 0; k < count; k++) {
    if (p + 46 > cdOffset + cdSize || view.getUint32(p, true) !== CENTRAL_SIG) {
      throw new DataError(name, `is a corrupt ZIP archive (central directory entry ${k + 1} of ${count} is damaged)`);
    }
    const nameLength = view.getUint16(p + 28, true);
    const next = p + 46 + nameLength + view.getUint16(p + 30, true) + view.getUint16(p + 32, true);
    if (next > cdOffset + cdSize) throw new DataError(name, `is a corrupt ZIP archive (central directory entry ${k + 1} runs past its end)`);
    const record: CentralRecord = {
      path: decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength)).replace(/\\/g, '/'),
      flags: view.getUint16(p + 8, true),
      method: view.getUint16(p + 10, true),
      crc: view.getUint32(p + 16, true),
      compressedSize: view.getUint32(p + 20, true),
      size: view.getUint32(p + 24, true),
      localOffset: view.getUint32(p + 42, true),
    };
    if (record.compressedSize === 0xffffffff || record.size === 0xffffffff || record.localOffset === 0xffffffff) {
      throw new DataError(`${name}/${record.path}`, 'is a ZIP64 entry, which is not supported');
    }
    records.push(record);
    p = next;
  }
  return records;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
