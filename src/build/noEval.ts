/**
 * Build check (docs/quality.md, Security): no eval / new Function in anything the
 * lab ships. The page's CSP forbids them too; this fails the build first, with
 * the file and the offending text, so a dependency that starts using them is
 * caught before it reaches a browser.
 */
import type { Plugin } from 'vite';

const DYNAMIC_CODE = /\bnew\s+Function\s*\(|(?:^|[^\w$.])eval\s*\(/;

/** The first dynamic-code construct in `code`, with some context, or null. */
export function findDynamicCode(code: string): string | null {
  const m = DYNAMIC_CODE.exec(code);
  if (!m) return null;
  return code.slice(Math.max(0, m.index - 40), m.index + m[0].length + 40).replace(/\s+/g, ' ');
}

export function noEvalPlugin(): Plugin {
  return {
    name: 'lab:no-eval',
    apply: 'build',
    generateBundle(_options, bundle) {
      for (const [file, chunk] of Object.entries(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const found = findDynamicCode(chunk.code);
        if (found) this.error(`${file} contains eval / new Function, which the lab forbids (CSP): …${found}…`);
      }
    },
  };
}
