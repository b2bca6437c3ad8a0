/** Presets: public/examples/*.json, fetched at start and validated like any config. */
import { parseConfig } from '../engine/config';
import type { Preset } from './store/state';

export function presetTitle(file: string): string {
  return file.replace(/\.json$/i, '').replace(/[-_]+/g, ' ');
}

/** Parses one preset file; a broken preset is skipped (returns null) rather than breaking the page. */
export function parsePreset(file: string, raw: unknown): Preset | null {
  try {
    const config = parseConfig(raw);
    const comment = raw && typeof raw === 'object' && typeof (raw as { $comment?: unknown }).$comment === 'string' ? (raw as { $comment: string }).$comment : '';
    return { file, title: presetTitle(file), comment, config };
  } catch {
    return null;
  }
}

export async function loadPresets(names: readonly string[], baseUrl: string, fetchFn: typeof fetch = fetch): Promise<Preset[]> {
  const out = await Promise.all(names.map(async (file) => {
    try {
      const res = await fetchFn(`${baseUrl}examples/${encodeURIComponent(file)}`);
      if (!res.ok) return null;
      return parsePreset(file, await res.json());
    } catch {
      return null;
    }
  }));
  return out.filter((p): p is Preset => p !== null);
}
