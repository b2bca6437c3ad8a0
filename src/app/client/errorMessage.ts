/** How a worker command's error reads on the page. */

/** The text of a thrown value (comlink rethrows Errors; anything else is shown as it is). */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A Cancel, not a failure: comlink keeps the error's name, a browser abort only its message. */
export function isCancel(err: unknown): boolean {
  const e = err as { name?: string; message?: string } | null;
  return e?.name === 'CancelledError' || /\bcancell?ed\b|aborted/i.test(e?.message ?? '');
}
