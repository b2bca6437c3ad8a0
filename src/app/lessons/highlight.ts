/**
 * "Show me": scrolls the lab to the control or plot a lesson talks about and
 * outlines it for a few seconds (class `lesson-highlight`, styled in
 * lessons.css). Targets are found by selectors, first match wins, so a
 * lesson can name a precise hook and fall back to the panel around it.
 */

export const HIGHLIGHT_CLASS = 'lesson-highlight';
export const HIGHLIGHT_MS = 6000;

export function findTarget(selectors: readonly string[], root: ParentNode = document): HTMLElement | null {
  for (const s of selectors) {
    try {
      const el = root.querySelector<HTMLElement>(s);
      if (el) return el;
    } catch {
      // An invalid selector is a lesson bug; the next one is tried.
    }
  }
  return null;
}

let current: { el: HTMLElement; timer: ReturnType<typeof setTimeout> } | null = null;

function clear(): void {
  if (!current) return;
  clearTimeout(current.timer);
  current.el.classList.remove(HIGHLIGHT_CLASS);
  current = null;
}

/** Highlights the first element found; returns it (null when none is on the page). */
export function highlightTarget(selectors: readonly string[]): HTMLElement | null {
  const el = findTarget(selectors);
  clear();
  if (!el) return null;
  const reduced = typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
  el.scrollIntoView({ behavior: reduced ? 'auto' : 'smooth', block: 'center' });
  el.classList.add(HIGHLIGHT_CLASS);
  current = { el, timer: setTimeout(clear, HIGHLIGHT_MS) };
  return el;
}
