import { describe, expect, it } from 'vitest';
import { loadPresets, parsePreset, presetTitle } from './presets';

describe('presets', () => {
  it('title from the file name', () => {
    expect(presetTitle('mnist-random10.json')).toBe('mnist random10');
  });

  it('a valid preset keeps its comment; a broken one is skipped', () => {
    const p = parsePreset('a.json', { schemaVersion: 1, $comment: 'hello', scenario: { kind: 'class', class: 1 } });
    expect(p?.comment).toBe('hello');
    expect(p?.config.scenario).toEqual({ kind: 'class', class: 1 });
    expect(parsePreset('b.json', { sed: 1 })).toBeNull();
  });

  it('fetches each file under examples/, skipping failures', async () => {
    const asked: string[] = [];
    const fake = (async (url: string) => {
      asked.push(url);
      if (url.endsWith('bad.json')) return { ok: false, json: async () => ({}) };
      return { ok: true, json: async () => ({ schemaVersion: 1 }) };
    }) as unknown as typeof fetch;
    const presets = await loadPresets(['good.json', 'bad.json'], '/lab/', fake);
    expect(asked).toEqual(['/lab/examples/good.json', '/lab/examples/bad.json']);
    expect(presets.map((p) => p.file)).toEqual(['good.json']);
  });
});
