/**
 * Counts the person's Cancels. The worker's cancel stops only the command
 * running at that instant; a run of several commands asks this before each
 * one, so a Cancel that lands between two commands stops the rest too.
 */
export class CancelSignal {
  private generation = 0;

  cancel(): void {
    this.generation++;
  }

  /** A check that turns true once Cancel is pressed after this call. */
  watch(): () => boolean {
    const at = this.generation;
    return () => this.generation !== at;
  }
}
