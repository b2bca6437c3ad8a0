/**
 * Every path the repository mentions must lead somewhere inside the
 * repository: a clone has nothing beside it. The lab's design inputs once
 * lived in a sibling folder of the checkout, and the README, lessons, help
 * strings and comments pointed there; docs/ replaced them. Over every tracked
 * text file (package-lock.json and binaries aside):
 * - no mention of that sibling folder or of the machine's /work tree;
 * - no relative path that climbs above the repository root from the file it is written in;
 * - every markdown link to a local file, and every `docs/….md` mention (read
 *   from the repository root), names a tracked file or folder;
 * - outside docs/, no bare name of a docs page: from a source file a bare
 *   page name says nowhere where it is, so it is written docs/<page>.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

interface Repo {
  /** Tracked files present in the working tree, as paths from the root ('docs/metrics.md'). */
  files: Set<string>;
  /** Every folder holding a tracked file ('docs', 'docs/experiments'; '' is the root). */
  folders: Set<string>;
  /** File names of the pages directly in docs/, README.md aside. */
  docPages: string[];
}

type Rule = 'outside' | 'climbs' | 'link' | 'docs-mention' | 'bare-page';

interface Finding {
  rule: Rule;
  /** file:line: the offending text. */
  where: string;
}

// Written without the literal strings they catch, so this file passes its own scan.
const SIBLING_FOLDER = /\.\.\/shared\b/g;
const MACHINE_TREE = /(?<![\w.])\/work\//g;
/** A run of ../ at the start of a relative path (not a ../ in the middle of one). */
const PARENT_STEPS = /(?<![\w./-])((?:\.\.\/)+)/g;
const MARKDOWN_LINK = /\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+["'][^"'\n]*["'])?\s*\)/g;
const MARKDOWN_REFERENCE = /^\s*\[[^\]\n]+\]:\s*<?(\S+?)>?(?:\s|$)/gm;
const DOCS_MENTION = /(?<![\w./-])docs\/[\w./-]*\.md\b/g;

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Whether `path` (from the root, normalised) is a tracked file or a folder holding one. */
function inRepo(repo: Repo, path: string): boolean {
  const p = path.replace(/\/$/, '');
  return repo.files.has(p) || repo.folders.has(p);
}

/** A markdown link target that names a local file: no scheme, not a bare anchor. */
function localTarget(target: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#') || target.startsWith('//')) return null;
  const path = target.replace(/[#?].*$/, '');
  if (path === '') return null;
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** Every rule broken by one file's text; `file` is its path from the root. */
function findings(file: string, text: string, repo: Repo): Finding[] {
  const out: Finding[] = [];
  const dir = posix.dirname(file) === '.' ? '' : posix.dirname(file);
  const depth = dir === '' ? 0 : dir.split('/').length;
  const add = (rule: Rule, index: number, what: string) => out.push({ rule, where: `${file}:${lineOf(text, index)}: ${what}` });

  for (const m of text.matchAll(SIBLING_FOLDER)) add('outside', m.index, m[0]);
  for (const m of text.matchAll(MACHINE_TREE)) add('outside', m.index, m[0]);
  for (const m of text.matchAll(PARENT_STEPS)) {
    const steps = m[1].length / 3;
    if (steps > depth) add('climbs', m.index, `${m[1]}… climbs ${steps} folders from ${dir || 'the root'}`);
  }
  if (file.endsWith('.md')) {
    for (const m of [...text.matchAll(MARKDOWN_LINK), ...text.matchAll(MARKDOWN_REFERENCE)]) {
      const target = localTarget(m[1]);
      if (target === null) continue;
      const resolved = posix.normalize(target.startsWith('/') ? target.slice(1) : posix.join(dir, target));
      if (resolved.startsWith('..') || !inRepo(repo, resolved === '.' ? '' : resolved)) add('link', m.index, `(${m[1]}) → ${resolved}, not in the repository`);
    }
  }
  for (const m of text.matchAll(DOCS_MENTION)) {
    if (!repo.files.has(m[0])) add('docs-mention', m.index, `${m[0]} does not exist`);
  }
  if (dir !== 'docs') {
    for (const page of repo.docPages) {
      const bare = new RegExp(`(?<![\\w./-])${page.replace(/\./g, '\\.')}\\b`, 'g');
      for (const m of text.matchAll(bare)) add('bare-page', m.index, `${page}: write docs/${page}`);
    }
  }
  return out;
}

/** Builds a Repo from a list of tracked paths. */
function repoOf(files: string[]): Repo {
  const folders = new Set<string>(['']);
  for (const f of files) {
    for (let d = posix.dirname(f); d !== '.' && !folders.has(d); d = posix.dirname(d)) folders.add(d);
  }
  const docPages = files.filter((f) => posix.dirname(f) === 'docs' && f.endsWith('.md') && f !== 'docs/README.md').map((f) => posix.basename(f));
  return { files: new Set(files), folders, docPages };
}

/** Path parts joined with '/', so the cases below do not trip the scan of this file. */
const p = (...parts: string[]) => parts.join('/');

describe('the reference checks', () => {
  const repo = repoOf(['README.md', p('docs', 'README.md'), p('docs', 'guide.md'), p('docs', 'extra', 'notes.md'), p('src', 'a', 'b.ts')]);
  const rules = (file: string, text: string) => findings(file, text, repo).map((f) => f.rule);

  it('pass a file whose every reference resolves inside the repository', () => {
    expect(rules('README.md', `See [the guide](${p('docs', 'guide.md')}), ${p('docs', 'extra', 'notes.md')} and [b](src/a/b.ts#L3).`)).toEqual([]);
    expect(rules(p('src', 'a', 'b.ts'), `import x from '${p('..', '..', 'README.md')}'; // ${p('docs', 'guide.md')}`)).toEqual([]);
    expect(rules(p('docs', 'README.md'), `[g](guide.md), [up](${p('..', 'README.md')}), [web](https://example.org/x.md), [top](#top)`)).toEqual([]);
  });

  it('catch the sibling folder and the machine tree', () => {
    expect(rules('README.md', `read ${p('..', 'shared', 'spec', 'guide.md')}`)).toContain('outside');
    expect(rules(p('src', 'a', 'b.ts'), `// see ${p('', 'work', 'main', 'docs')}`)).toEqual(['outside']);
  });

  it('catch a relative path that climbs above the root from its own folder', () => {
    expect(rules(p('src', 'a', 'b.ts'), `const f = '${p('..', '..', '..', 'elsewhere', 'x.bin')}';`)).toEqual(['climbs']);
    expect(rules('README.md', `[x](${p('..', 'sibling', 'README.md')})`)).toEqual(['climbs', 'link']);
  });

  it('catch markdown links and docs mentions that name no tracked file', () => {
    expect(rules('README.md', `[gone](${p('docs', 'missing.md')})`)).toEqual(['link', 'docs-mention']);
    expect(rules('README.md', '[ref]: src/a/missing.ts')).toEqual(['link']);
    expect(rules(p('src', 'a', 'b.ts'), `// as ${p('docs', 'missing.md')} says`)).toEqual(['docs-mention']);
  });

  it('catch a bare docs page name outside docs/, but not inside it', () => {
    expect(rules(p('src', 'a', 'b.ts'), '// defined in guide.md')).toEqual(['bare-page']);
    expect(rules(p('docs', 'extra', 'notes.md'), 'as guide.md shows')).toEqual(['bare-page']);
    expect(rules(p('docs', 'README.md'), 'as guide.md shows')).toEqual([]);
  });
});

const root = fileURLToPath(new URL('..', import.meta.url));
const isGitCheckout = existsSync(posix.join(root, '.git'));

/** Findings over every tracked text file, scanned once, on first use (never outside a git checkout). */
let scanned: Finding[] | undefined;
function scanRepository(): Finding[] {
  if (scanned) return scanned;
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 })
    .split('\0')
    .filter((f) => f !== '' && f !== 'package-lock.json' && existsSync(posix.join(root, f)));
  const repo = repoOf(tracked);
  scanned = [];
  for (const file of tracked) {
    const bytes = readFileSync(posix.join(root, file));
    if (bytes.includes(0)) continue; // binary (images, fixtures)
    scanned.push(...findings(file, bytes.toString('utf8'), repo));
  }
  return scanned;
}

describe.skipIf(!isGitCheckout)('every tracked file (skipped outside a git checkout)', () => {
  const broken = (rule: Rule) => scanRepository().filter((f) => f.rule === rule).map((f) => f.where);

  it('mention neither the sibling folder of the checkout nor the machine tree', () => {
    expect(broken('outside')).toEqual([]);
  });

  it('hold no relative path that climbs above the repository root', () => {
    expect(broken('climbs')).toEqual([]);
  });

  it('link (markdown) only to tracked files and folders', () => {
    expect(broken('link')).toEqual([]);
  });

  it('mention only docs/ pages that exist', () => {
    expect(broken('docs-mention')).toEqual([]);
  });

  it('name docs pages by their docs/ path outside docs/', () => {
    expect(broken('bare-page')).toEqual([]);
  });
});
