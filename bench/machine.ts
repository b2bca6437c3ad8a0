/** What the benchmark ran on, in words and numbers, for the table footer and the JSON. */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { describeBackend, type BackendReport } from '../src/engine/backend';
import type { ReferenceInfo } from './reference';

export interface MachineInfo {
  cpu: string;
  cores: number;
  node: string;
  lab: string;
  reference: string | null;
  gpu: string;
  loadAverageStart: number[];
  loadAverageEnd?: number[];
  date: string;
}

function lscpuModel(): string {
  try {
    const out = execFileSync('lscpu', { encoding: 'utf8' });
    const m = /^Model name:\s*(.+)$/m.exec(out);
    if (m) return m[1].trim();
  } catch {
    // lscpu missing (not Linux): fall back to what Node reports.
  }
  return cpus()[0]?.model ?? 'unknown CPU';
}

export function machineInfo(backend: BackendReport, reference: ReferenceInfo | null): MachineInfo {
  return {
    cpu: lscpuModel(),
    cores: cpus().length,
    node: process.versions.node,
    lab: `tfjs ${tf.version.tfjs} ${describeBackend(backend)}`,
    reference: reference ? `PyTorch ${reference.torch} CPU, ${reference.threads} thread(s), BLAS: ${reference.blas}` : null,
    gpu: 'none used (CPU benchmark)',
    loadAverageStart: loadavg().map((x) => Math.round(x * 100) / 100),
    date: new Date().toISOString(),
  };
}
