/**
 * The seams of docs/architecture.md, held by reading every source file's
 * imports: the engine (it runs in the worker and in Node) imports no UI,
 * worker, React or DOM-only code, and the page (src/app, src/main.tsx) imports
 * no tfjs, neither directly nor through the engine modules it loads: tfjs on
 * the main thread would put megabytes in the page's bundle and compute beside
 * the UI. Imports are read from the TypeScript syntax tree (static imports,
 * `export … from`, `import(…)`), so comments and strings never count, and
 * relative paths are resolved to the folder they land in.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Import {
  specifier: string;
  /** Erased at build time (`import type`, `export type`, `import('x').T` in a type). */
  typeOnly: boolean;
  line: number;
}

function importsOf(fileName: string, text: string): Import[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: Import[] = [];
  const add = (spec: ts.Node | undefined, typeOnly: boolean) => {
    if (!spec || !ts.isStringLiteralLike(spec)) return;
    found.push({ specifier: spec.text, typeOnly, line: source.getLineAndCharacterOfPosition(spec.getStart()).line + 1 });
  };
  const allTypes = (elements: readonly (ts.ImportSpecifier | ts.ExportSpecifier)[]) => elements.length > 0 && elements.every((e) => e.isTypeOnly);
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      add(node.moduleSpecifier, !!clause && (clause.isTypeOnly || (!clause.name && !!bindings && ts.isNamedImports(bindings) && allTypes(bindings.elements))));
    } else if (ts.isExportDeclaration(node)) {
      const clause = node.exportClause;
      add(node.moduleSpecifier, node.isTypeOnly || (!!clause && ts.isNamedExports(clause) && allTypes(clause.elements)));
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** A relative specifier → the repository path it names (the file when one exists); a package → null. */
function resolveImport(from: string, specifier: string, exists: (path: string) => boolean): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = join(dirname(from), specifier.replace(/\?.*$/, '')).split(sep).join('/');
  const stem = base.replace(/\.js$/, '');
  const candidates = [base, `${stem}.ts`, `${stem}.tsx`, `${base}/index.ts`, `${base}/index.tsx`];
  return candidates.find(exists) ?? base;
}

/** Which side of the seams a repository path is on. */
function layerOf(path: string): 'engine' | 'page' | 'worker' | 'other' {
  if (path.startsWith('src/engine/')) return 'engine';
  if (path.startsWith('src/app/') || path === 'src/main.tsx') return 'page';
  if (path.startsWith('src/worker/')) return 'worker';
  return 'other';
}

const REACT = /^react(-dom)?(\/|$)/;
/** Packages that need a DOM (a worker has none, nor has Node), or the worker's bridge to the page. */
const DOM_ONLY = /^(plotly\.js|comlink$)/;
const TFJS = /^@tensorflow\//;

/**
 * Every import that crosses a seam, as "file:line → specifier (why)". `files`
 * maps repository paths (src/…) to their text.
 */
function layeringViolations(files: ReadonlyMap<string, string>): string[] {
  const exists = (p: string) => files.has(p);
  const parsed = new Map([...files].map(([path, text]) => [path, importsOf(path, text).map((imp) => ({ ...imp, target: resolveImport(path, imp.specifier, exists) }))]));
  const out: string[] = [];
  for (const [path, imports] of parsed) {
    const layer = layerOf(path);
    for (const { specifier, line, target } of imports) {
      const where = `${path}:${line} → ${specifier}`;
      if (layer === 'engine') {
        if (target && (layerOf(target) === 'page' || layerOf(target) === 'worker')) out.push(`${where} (the engine imports ${layerOf(target)} code)`);
        if (!target && REACT.test(specifier)) out.push(`${where} (the engine imports React)`);
        if (!target && DOM_ONLY.test(specifier)) out.push(`${where} (the engine imports DOM-only or worker-bridge code)`);
      }
      if (layer === 'page' && !target && TFJS.test(specifier)) out.push(`${where} (the page imports tfjs)`);
    }
  }
  // Through the engine: what the page loads at run time (value imports, followed file to file) must not load tfjs either.
  const seen = new Set<string>();
  const walk = (path: string, chain: string[]): void => {
    if (seen.has(path)) return;
    seen.add(path);
    for (const { specifier, typeOnly, line, target } of parsed.get(path) ?? []) {
      if (typeOnly) continue;
      if (target && layerOf(target) !== 'page') walk(target, [...chain, `${path}:${line}`]);
      if (!target && TFJS.test(specifier) && layerOf(path) !== 'page') out.push(`${[...chain, `${path}:${line}`].join(' → ')} → ${specifier} (the page loads tfjs through the engine)`);
    }
  };
  for (const path of files.keys()) {
    if (layerOf(path) === 'page' && !/\.test\.tsx?$/.test(path)) walk(path, []);
  }
  return out;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

describe('importsOf', () => {
  it('reads static, re-exported and dynamic imports, marks the type-only ones, and skips comments and strings', () => {
    const text = [
      "import * as tf from '@tensorflow/tfjs';",
      "import type { Results } from '../engine/results';",
      "import { type A, type B } from './types';",
      "import { type C, d } from './mixed';",
      'import {',
      '  e,',
      "} from './multiline';",
      "export { f } from './reexport';",
      "export type { G } from './reexportType';",
      "const m = await import('./lazy');",
      "let t: import('./typeOnlyImport').T;",
      "// import x from 'commented-out';",
      "const s = \"import y from 'in-a-string'\";",
    ].join('\n');
    expect(importsOf('src/app/x.ts', text)).toEqual([
      { specifier: '@tensorflow/tfjs', typeOnly: false, line: 1 },
      { specifier: '../engine/results', typeOnly: true, line: 2 },
      { specifier: './types', typeOnly: true, line: 3 },
      { specifier: './mixed', typeOnly: false, line: 4 },
      { specifier: './multiline', typeOnly: false, line: 7 },
      { specifier: './reexport', typeOnly: false, line: 8 },
      { specifier: './reexportType', typeOnly: true, line: 9 },
      { specifier: './lazy', typeOnly: false, line: 10 },
      { specifier: './typeOnlyImport', typeOnly: true, line: 11 },
    ]);
  });

  it('reads JSX files', () => {
    expect(importsOf('src/app/A.tsx', "import { B } from './B';\nexport const A = () => <B />;\n")).toEqual([{ specifier: './B', typeOnly: false, line: 1 }]);
  });
});

// Two folders up, from the fixture file in src/engine/metrics: built, not written, so the
// repository's own path check (repoReferences.test.ts) does not read it as a path of this file.
const UP2 = '../'.repeat(2);

describe('layeringViolations', () => {
  const check = (files: Record<string, string>) => layeringViolations(new Map(Object.entries(files)));

  it('flags the engine importing page, worker, React and DOM-only code, wherever a relative path lands', () => {
    expect(check({
      'src/engine/metrics/a.ts': `import { x } from '${UP2}app/store/state';\nimport type { Api } from '${UP2}worker/api';`,
      'src/engine/b.ts': "import { useState } from 'react';\nexport { y } from 'react-dom/client';\nconst p = import('plotly.js-cartesian-dist-min');",
      'src/app/store/state.ts': '',
      'src/worker/api.ts': '',
    })).toEqual([
      `src/engine/metrics/a.ts:1 → ${UP2}app/store/state (the engine imports page code)`,
      `src/engine/metrics/a.ts:2 → ${UP2}worker/api (the engine imports worker code)`,
      'src/engine/b.ts:1 → react (the engine imports React)',
      'src/engine/b.ts:2 → react-dom/client (the engine imports React)',
      'src/engine/b.ts:3 → plotly.js-cartesian-dist-min (the engine imports DOM-only or worker-bridge code)',
    ]);
  });

  it('flags the page importing tfjs, directly or through a value import of an engine module, but not through a type import', () => {
    expect(check({
      'src/app/a.ts': "import type { Tensor } from '@tensorflow/tfjs-core';",
      'src/app/b.tsx': "import { run } from '../engine/run';\nimport type { T } from '../engine/typesOnly';",
      'src/main.tsx': "import { helper } from './engine/helper';",
      'src/engine/run.ts': "import { helper } from './helper';",
      'src/engine/helper.ts': "import * as tf from '@tensorflow/tfjs';",
      'src/engine/typesOnly.ts': "import * as tf from '@tensorflow/tfjs';",
    })).toEqual([
      'src/app/a.ts:1 → @tensorflow/tfjs-core (the page imports tfjs)',
      'src/app/b.tsx:1 → src/engine/run.ts:1 → src/engine/helper.ts:1 → @tensorflow/tfjs (the page loads tfjs through the engine)',
    ]);
  });

  it('lets the engine use tfjs, the page use React and the engine\'s plain modules', () => {
    expect(check({
      'src/engine/a.ts': "import * as tf from '@tensorflow/tfjs';\nimport { Matrix } from 'ml-matrix';",
      'src/app/A.tsx': "import { useState } from 'react';\nimport { parseConfig } from '../engine/config';",
      'src/engine/config.ts': "import { createRng } from './random';",
      'src/engine/random.ts': '',
    })).toEqual([]);
  });
});

describe('the repository', () => {
  it('keeps the engine free of page, worker, React and DOM-only code, and the page free of tfjs', () => {
    const files = new Map(sourceFiles(join(ROOT, 'src')).map((full) => [relative(ROOT, full).split(sep).join('/'), readFileSync(full, 'utf8')]));
    expect(files.size).toBeGreaterThan(100);
    expect(files.has('src/engine/session.ts')).toBe(true);
    expect(layeringViolations(files)).toEqual([]);
  });
});
