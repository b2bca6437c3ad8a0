/**
 * Resolves a method's parameter values: schema defaults, overridden by the
 * config's `params`, each checked against its schema (unknown names are errors).
 */
import { ConfigError } from '../errors';
import type { ParamSpec, ParamValues } from './types';

export function resolveParams(methodId: string, specs: ParamSpec[], overrides: Record<string, unknown> = {}): ParamValues {
  const out: ParamValues = {};
  for (const s of specs) out[s.name] = s.default;
  for (const [name, v] of Object.entries(overrides)) {
    const where = `methods.${methodId}.params.${name}`;
    const s = specs.find((p) => p.name === name);
    if (!s) throw new ConfigError(where, `unknown parameter (known: ${specs.map((p) => p.name).join(', ') || 'none'})`);
    switch (s.kind) {
      case 'number':
      case 'int':
        if (typeof v !== 'number' || !Number.isFinite(v)) throw new ConfigError(where, `must be a number, got ${JSON.stringify(v)}`);
        if (s.kind === 'int' && !Number.isInteger(v)) throw new ConfigError(where, `must be an integer, got ${v}`);
        if (s.min !== undefined && v < s.min) throw new ConfigError(where, `must be ≥ ${s.min}, got ${v}`);
        if (s.max !== undefined && v > s.max) throw new ConfigError(where, `must be ≤ ${s.max}, got ${v}`);
        break;
      case 'boolean':
        if (typeof v !== 'boolean') throw new ConfigError(where, `must be true or false, got ${JSON.stringify(v)}`);
        break;
      case 'choice':
        if (typeof v !== 'string' || !s.options.includes(v)) throw new ConfigError(where, `must be one of ${s.options.join(', ')}, got ${JSON.stringify(v)}`);
        break;
    }
    out[name] = v as number | boolean | string;
  }
  return out;
}

/** Typed readers, so method files stay free of casts. */
export const num = (p: ParamValues, k: string): number => p[k] as number;
export const bool = (p: ParamValues, k: string): boolean => p[k] as boolean;
export const str = (p: ParamValues, k: string): string => p[k] as string;
