import { describe, expect, it } from 'vitest';
import { CommandQueue } from './commandQueue';

function deferred<T = void>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A command that records start/end and waits for a gate or an abort. */
function job(log: string[], name: string, gate: Promise<void>) {
  return (signal: AbortSignal) => new Promise<string>((resolve, reject) => {
    log.push(`start ${name}`);
    signal.addEventListener('abort', () => {
      log.push(`abort ${name}`);
      reject(new Error(`${name} aborted`));
    });
    void gate.then(() => {
      log.push(`end ${name}`);
      resolve(name);
    });
  });
}

describe('CommandQueue', () => {
  it('runs two experiments one after the other, never interleaved', async () => {
    const q = new CommandQueue();
    const log: string[] = [];
    const g1 = deferred();
    const g2 = deferred();
    const a = q.run('exp A', job(log, 'A', g1.promise));
    const b = q.run('exp B', job(log, 'B', g2.promise));
    await Promise.resolve();
    await Promise.resolve();
    expect(q.running).toBe('exp A');
    expect(q.queued).toBe(1);
    g2.resolve(); // B's gate opens first; B still must wait for A.
    await new Promise((r) => setTimeout(r, 5));
    expect(log).toEqual(['start A']);
    g1.resolve();
    expect(await a).toBe('A');
    expect(await b).toBe('B');
    expect(log).toEqual(['start A', 'end A', 'start B', 'end B']);
    expect(q.running).toBeNull();
  });

  it('a failing command does not stop the next', async () => {
    const q = new CommandQueue();
    const a = q.run('bad', async () => { throw new Error('boom'); });
    const b = q.run('good', async () => 42);
    await expect(a).rejects.toThrow('boom');
    expect(await b).toBe(42);
  });

  it('cancel aborts the running command and drops the queued ones; later commands run', async () => {
    const q = new CommandQueue();
    const log: string[] = [];
    const never = new Promise<void>(() => {});
    const a = q.run('A', job(log, 'A', never));
    const b = q.run('B', job(log, 'B', never));
    await new Promise((r) => setTimeout(r, 1));
    expect(q.cancel()).toBe(2);
    await expect(a).rejects.toThrow('A aborted');
    await expect(b).rejects.toThrow('B cancelled');
    expect(log).toEqual(['start A', 'abort A']);
    expect(await q.run('C', async () => 'C ran')).toBe('C ran');
  });

  it('cancel with nothing running affects nothing', () => {
    expect(new CommandQueue().cancel()).toBe(0);
  });
});
