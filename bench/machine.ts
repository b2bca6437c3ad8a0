/// <reference types="@webgpu/types" />
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
  /** The WebGPU adapter the lab ran on, in words, or that none was used. */
  gpu: string;
  /** That adapter's GPUAdapterInfo fields, when the backend is webgpu. */
  gpuAdapter?: GpuAdapterInfo;
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

export interface GpuAdapterInfo {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  software: boolean;
}

/**
 * The adapter behind the webgpu backend, as navigator.gpu reports it (the
 * same high-performance request the backend makes), or null on other backends.
 */
export async function gpuAdapter(backend: BackendReport): Promise<GpuAdapterInfo | null> {
  if (backend.backend !== 'webgpu') return null;
  const gpu = (globalThis as unknown as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  const adapter = await gpu?.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) return null;
  const { vendor, architecture, device, description } = adapter.info;
  return { vendor, architecture, device, description, software: backend.software };
}

export function machineInfo(backend: BackendReport, reference: ReferenceInfo | null, adapter: GpuAdapterInfo | null): MachineInfo {
  const where = reference?.device === 'cpu' ? 'CPU' : reference?.device;
  return {
    cpu: lscpuModel(),
    cores: cpus().length,
    node: process.versions.node,
    lab: `tfjs ${tf.version.tfjs} ${describeBackend(backend)}`,
    reference: reference ? `PyTorch ${reference.torch} ${where}, ${reference.threads} CPU thread(s), BLAS: ${reference.blas}` : null,
    gpu: adapter ? [adapter.vendor, adapter.architecture, adapter.device, adapter.description].filter(Boolean).join(' ') + (adapter.software ? ' (software)' : '') : 'none used',
    ...(adapter ? { gpuAdapter: adapter } : {}),
    loadAverageStart: loadavg().map((x) => Math.round(x * 100) / 100),
    date: new Date().toISOString(),
  };
}
