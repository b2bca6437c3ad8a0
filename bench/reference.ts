/**
 * The PyTorch side of the benchmark: exports the lab's MNIST training split to
 * a binary file and keeps one Python process (bench/reference.py) alive to
 * answer run requests, one JSON line each way.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Split } from '../src/engine/data/dataset';

export interface ReferenceInfo {
  python: string;
  torch: string;
  threads: number;
  /** The BLAS behind nn.Linear, as the Python process mapped it. */
  blas: string;
  /** Where the reference trains: 'cpu', or the CUDA device's name. */
  device: string;
}

export type ReferenceDevice = 'cpu' | 'cuda';

export interface ReferenceRun {
  seconds: number;
  cpuSeconds: number;
  steps: number;
  finalLoss: number;
}

/** File layout read by reference.py: "ULBM", n, h, w (uint32 LE), n·h·w pixel bytes, n int32 labels. */
export function exportImages(path: string, split: Split, height: number, width: number): void {
  if (!(split.x instanceof Uint8Array)) throw new Error('the benchmark exports byte images only');
  const header = Buffer.alloc(16);
  header.write('ULBM', 0, 'latin1');
  header.writeUInt32LE(split.n, 4);
  header.writeUInt32LE(height, 8);
  header.writeUInt32LE(width, 12);
  const labels = Buffer.from(new Int32Array(split.y).buffer);
  writeFileSync(path, Buffer.concat([header, Buffer.from(split.x.buffer, split.x.byteOffset, split.x.byteLength), labels]));
}

/** A Python that can import torch: $BENCH_PYTHON, else Debian's /usr/bin/python3 (python3-torch), else python3 on PATH. */
export function findPython(): string {
  const candidates = [process.env.BENCH_PYTHON, '/usr/bin/python3', 'python3'].filter((p): p is string => !!p);
  for (const p of candidates) {
    const r = spawnSync(p, ['-c', 'import torch'], { stdio: 'ignore' });
    if (r.status === 0) return p;
  }
  throw new Error(`no Python with torch found (tried ${candidates.join(', ')}); install python3-torch or set BENCH_PYTHON`);
}

export class Reference {
  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly lines: AsyncIterator<string>,
    readonly info: ReferenceInfo,
  ) {}

  /**
   * `blasDir`: a folder holding another libblas.so.3 (e.g. OpenBLAS unpacked from
   * its .deb) to put first on the reference's library path; nothing system-wide changes.
   */
  static async start(dataPath: string, blasDir?: string, device: ReferenceDevice = 'cpu'): Promise<Reference> {
    const python = findPython();
    const script = fileURLToPath(new URL('./reference.py', import.meta.url));
    const env = { ...process.env };
    if (blasDir) {
      env.LD_LIBRARY_PATH = [blasDir, env.LD_LIBRARY_PATH].filter(Boolean).join(':');
      // One thread, as torch's own ops here and the lab's wasm backend, unless the caller says otherwise.
      env.OPENBLAS_NUM_THREADS ??= '1';
    }
    const child = spawn(python, [script, dataPath, device], { stdio: ['pipe', 'pipe', 'pipe'], env });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const first = await lines.next();
    if (first.done) throw new Error(`reference.py exited before answering: ${stderr.trim()}`);
    const hello = JSON.parse(first.value) as { torch: string; threads: number; blas: string; device: string };
    return new Reference(child, lines, { python, torch: hello.torch, threads: hello.threads, blas: hello.blas, device: hello.device });
  }

  async run(workload: string, seed: number, warmupSteps = 0): Promise<ReferenceRun> {
    this.child.stdin.write(JSON.stringify({ workload, seed, warmupSteps }) + '\n');
    const next = await this.lines.next();
    if (next.done) throw new Error('reference.py exited');
    const a = JSON.parse(next.value) as { ok: boolean; error?: string } & ReferenceRun;
    if (!a.ok) throw new Error(`reference ${workload}: ${a.error}`);
    return a;
  }

  close(): void {
    this.child.stdin.end();
  }
}
