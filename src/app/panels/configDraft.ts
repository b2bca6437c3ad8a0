/**
 * The Data & model form edits a draft of plain strings (what inputs hold);
 * applying it builds a raw config and validates it with the engine's
 * parseConfig, so the form and shared URLs accept exactly the same things.
 */
import { parseConfig, type DatasetName, type ExperimentConfig } from '../../engine/config';

export interface Draft {
  dataset: DatasetName;
  /** 2-D sets. */
  n: string;
  noise: string;
  classes: string;
  /** MNIST / Fashion-MNIST subsample sizes. */
  trainSize: string;
  testSize: string;
  /** csv / images from a URL (uploads keep their `upload` option). */
  url: string;
  upload: string;
  modelKind: 'mlp' | 'cnn';
  hidden: string;
  featureDim: string;
  channels: string;
  seed: string;
  epochs: string;
  batchSize: string;
  lr: string;
  optimizer: 'adam' | 'sgd';
}

export const TWO_D: readonly DatasetName[] = ['moons', 'blobs', 'circles', 'spirals'];
export const IMAGE_SETS: readonly DatasetName[] = ['mnist', 'fashion-mnist'];

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

export function draftFromConfig(c: ExperimentConfig): Draft {
  const o = c.dataset.options;
  return {
    dataset: c.dataset.name,
    n: str(o.n), noise: str(o.noise), classes: str(o.classes),
    trainSize: str(o.trainSize), testSize: str(o.testSize),
    url: str(o.url), upload: str(o.upload),
    modelKind: c.model.kind,
    hidden: c.model.hidden.join(', '),
    featureDim: String(c.model.featureDim),
    channels: (c.model.channels ?? [16, 32]).join(', '),
    seed: String(c.seed),
    epochs: String(c.train.epochs),
    batchSize: String(c.train.batchSize),
    lr: String(c.train.lr),
    optimizer: c.train.optimizer,
  };
}

export class DraftError extends Error {
  constructor(readonly field: keyof Draft | string, message: string) {
    super(message);
  }
}

function number(d: Draft, key: keyof Draft, label: string): number | undefined {
  const s = String(d[key]).trim();
  if (s === '') return undefined;
  const v = Number(s);
  if (!Number.isFinite(v)) throw new DraftError(key, `${label}: "${s}" is not a number`);
  return v;
}

function list(d: Draft, key: 'hidden' | 'channels', label: string): number[] {
  const s = d[key].trim();
  if (s === '') return [];
  return s.split(/[\s,]+/).filter(Boolean).map((part) => {
    const v = Number(part);
    if (!Number.isInteger(v) || v < 1) throw new DraftError(key, `${label}: "${part}" is not a positive whole number`);
    return v;
  });
}

/** Maps an engine ConfigError field (config.model.featureDim) to the form field that edits it. */
export function draftFieldOf(configField: string): keyof Draft | null {
  const map: [RegExp, keyof Draft][] = [
    [/^config\.dataset\.options\.n$/, 'n'], [/^config\.dataset\.options\.noise$/, 'noise'], [/^config\.dataset\.options\.classes$/, 'classes'],
    [/^config\.dataset\.options\.trainSize$/, 'trainSize'], [/^config\.dataset\.options\.testSize$/, 'testSize'],
    [/^config\.dataset\.options\.url$/, 'url'], [/^config\.dataset/, 'dataset'],
    [/^config\.model\.hidden/, 'hidden'], [/^config\.model\.featureDim/, 'featureDim'], [/^config\.model\.channels/, 'channels'], [/^config\.model/, 'modelKind'],
    [/^config\.seed/, 'seed'], [/^config\.train\.epochs/, 'epochs'], [/^config\.train\.batchSize/, 'batchSize'], [/^config\.train\.lr/, 'lr'], [/^config\.train\.optimizer/, 'optimizer'],
  ];
  return map.find(([re]) => re.test(configField))?.[1] ?? null;
}

/**
 * The draft applied onto `base` (scenario, methods and eval are kept), as a
 * validated config. Throws DraftError naming the form field.
 */
export function configFromDraft(d: Draft, base: ExperimentConfig): ExperimentConfig {
  const options: Record<string, unknown> = {};
  if (TWO_D.includes(d.dataset)) {
    for (const [k, label] of [['n', 'Points'], ['noise', 'Noise'], ['classes', 'Classes']] as const) {
      const v = number(d, k, label);
      if (v !== undefined) options[k] = v;
    }
  } else if (IMAGE_SETS.includes(d.dataset)) {
    for (const [k, label] of [['trainSize', 'Training images'], ['testSize', 'Test images']] as const) {
      const v = number(d, k, label);
      if (v !== undefined) options[k] = v;
    }
  } else {
    const url = d.url.trim();
    if (d.upload && !url) options.upload = d.upload;
    else if (/^https?:\/\//i.test(url)) options.url = url;
    else throw new DraftError('url', url ? 'Data URL: only http(s) URLs are allowed' : 'Data URL: give the address of the file, or upload one');
  }
  const raw = {
    ...base,
    seed: number(d, 'seed', 'Seed'),
    dataset: { name: d.dataset, options },
    model: {
      kind: d.modelKind,
      hidden: list(d, 'hidden', 'Hidden widths'),
      featureDim: number(d, 'featureDim', 'Feature width'),
      ...(d.modelKind === 'cnn' ? { channels: list(d, 'channels', 'Channels') } : {}),
    },
    train: { ...base.train, epochs: number(d, 'epochs', 'Epochs'), batchSize: number(d, 'batchSize', 'Batch size'), lr: number(d, 'lr', 'Learning rate'), optimizer: d.optimizer },
  };
  // A new dataset invalidates a class or index forget set that may not exist there.
  if (d.dataset !== base.dataset.name && raw.scenario.kind === 'indices') raw.scenario = { kind: 'random', fraction: 0.1 };
  try {
    return parseConfig(raw);
  } catch (e) {
    const field = (e as { field?: string }).field;
    throw new DraftError((field && draftFieldOf(field)) || 'dataset', e instanceof Error ? e.message : String(e));
  }
}
