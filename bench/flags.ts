/**
 * The `--flag [value]` walk shared by the benchmark's entry points (run.ts,
 * browser.ts). Unknown flags are errors, so a typo never times the wrong thing.
 */

/** Calls `take(flag, value)` for each flag; `take` returns false for a flag it does not know. */
export function walkFlags(argv: string[], take: (flag: string, value: () => string) => boolean, unknownHint: string): void {
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (!take(flag, value)) throw new Error(`unknown flag ${flag} ${unknownHint}`);
  }
}

export function checkReps(reps: number): void {
  if (!Number.isInteger(reps) || reps < 1) throw new Error('--reps must be a positive integer');
}
