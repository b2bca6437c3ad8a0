import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DATASET_CREDITS, LAB_LICENCE, SOFTWARE_CREDITS, type PackageCredit } from './credits';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

function installed(name: string): { license?: string; author?: string | { name?: string } } {
  return JSON.parse(read(`node_modules/${name}/package.json`));
}

const packages: PackageCredit[] = [...DATASET_CREDITS.map((d) => d.source), ...SOFTWARE_CREDITS];

describe('credits', () => {
  it.each(packages.map((p) => [p.name, p] as const))('%s: licence and author match the installed package.json', (_name, credit) => {
    const pkg = installed(credit.name);
    expect(pkg.license).toBe(credit.licence);
    const author = typeof pkg.author === 'string' ? pkg.author : pkg.author?.name;
    if (credit.author) expect(author).toContain(credit.author);
  });

  it('LICENSE is the MIT licence with the copyright line the About box shows', () => {
    const text = read(LAB_LICENCE.file);
    expect(text.split('\n')[0]).toBe('MIT License');
    expect(text).toContain(LAB_LICENCE.copyright);
  });

  it("the README's Data and credits section names every dataset, its creators, licence and package", () => {
    const readme = read('README.md');
    const start = readme.indexOf('## Data and credits');
    expect(start).toBeGreaterThanOrEqual(0);
    const end = readme.indexOf('\n## ', start + 1);
    const section = readme.slice(start, end < 0 ? undefined : end).replace(/\s+/g, ' ');
    for (const d of DATASET_CREDITS) {
      expect(section).toContain(`**${d.name}** by ${d.creators}`);
      expect(section).toContain(`\`${d.source.name}\``);
      expect(section).toContain(d.source.author!);
    }
    expect(section).toContain('CC BY-SA 3.0');
  });
});
