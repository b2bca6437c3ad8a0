/**
 * Errors the lab shows to a person. Each names what was wrong and where, so
 * the UI and the CLI can print `message` alone, without a stack trace.
 */
export class LabError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A config, results file or shared URL field that is wrong. */
export class ConfigError extends LabError {
  constructor(readonly field: string, problem: string) {
    super(`${field}: ${problem}`);
  }
}

/** User data (CSV, images, URL) that cannot be read as a dataset. */
export class DataError extends LabError {
  /** `where` names the file, row or URL. */
  constructor(readonly where: string, problem: string) {
    super(`${where}: ${problem}`);
  }
}

/** A forget scenario that cannot run (empty forget set, whole training set, …). */
export class ScenarioError extends LabError {}

/** A loss or weight went NaN/Inf; the run stopped with the last finite weights kept. */
export class DivergenceError extends LabError {
  constructor(readonly method: string, readonly step: number, detail = 'loss is not finite') {
    super(`${method} diverged at step ${step}: ${detail}; kept the last finite weights`);
  }
}

/** The user pressed Cancel. */
export class CancelledError extends LabError {
  constructor(what = 'run') {
    super(`${what} cancelled`);
  }
}

const DEVICE_NAMES: Record<string, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'wasm', cpu: 'cpu' };

/** How a backend is named to a person ("WebGPU", "WebGL", "wasm", "cpu"). */
export function backendLabel(backend: string): string {
  return DEVICE_NAMES[backend] ?? backend;
}

/**
 * The backend's device went away under a run: a lost WebGPU device, a lost
 * WebGL context (or the test hook `simulateDeviceLoss`). The session answers
 * it by moving every model to the next backend and restarting the step once.
 */
export class DeviceLostError extends LabError {
  constructor(readonly backend: string, readonly reason: string) {
    super(`${backendLabel(backend)} device lost: ${reason}`);
  }
}
