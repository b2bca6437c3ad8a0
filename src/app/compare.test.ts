import { describe, expect, it } from 'vitest';
import { modelResult, results, metrics } from './testing/fixtures';
import { columnsOf, compareRows, withinNoiseFloor, formatGap, formatValue, gapScale, gapToRetrain, nextSort, saturatedColumns, sortRows } from './compare';

describe('compare rows', () => {
  const rows = compareRows(results(), { muda: 'MUDA', ga: 'GA' });

  it('one row per model, Original and Retrain first', () => {
    expect(rows.map((r) => r.label)).toEqual(['Original', 'Retrain', 'MUDA', 'GA']);
  });

  it('every metric the models have is a column, time included', () => {
    expect(columnsOf(rows)).toEqual(['UA', 'RA', 'TA', 'forgetTestAcc', 'MIA', 'lossMIA', 'avgGap', 'ToW', 'DA', 'LP', 'NMI', 'F1', 'CKAvsRetrain', 'CKAvsOriginal', 'relearnSteps', 'timeMs']);
  });

  it('gap to Retrain per cell', () => {
    const ga = rows[3];
    expect(gapToRetrain(ga, 'UA')).toBeCloseTo(-0.3, 12);
    expect(gapToRetrain(ga, 'TA')).toBeCloseTo(-0.17, 12);
    expect(gapToRetrain(rows[1], 'UA')).toBe(0);
    expect(gapToRetrain(ga, 'timeMs')).toBeCloseTo((300 - 4500) / 4500, 12);
  });

  it('marks a row whose run (or any of its seeds) could stop on the oracle rule, and only that row', () => {
    const r = { models: {
      retrain: modelResult(),
      ga: modelResult({ method: 'ga', oracleStop: true }),
      scrub: modelResult({ method: 'scrub', runs: [modelResult(), modelResult({ oracleStop: true })] }),
      muda: modelResult({ method: 'muda' }),
    } };
    const marked = compareRows(r).filter((row) => row.oracleStop).map((row) => row.modelId);
    expect(marked.sort()).toEqual(['ga', 'scrub']);
  });

  it('marks a cell within Retrain\'s noise floor: |value − Retrain| ≤ 2 std of Retrain over seeds', () => {
    const seeded = (mean: Record<string, number>, std: Record<string, number>) =>
      modelResult({ metrics: metrics(mean), mean, std, runs: [modelResult(), modelResult(), modelResult()] });
    const r = { models: {
      retrain: seeded({ UA: 0.05, TA: 0.95 }, { UA: 0.01, TA: 0 }),
      muda: seeded({ UA: 0.069, TA: 0.95 }, { UA: 0.02, TA: 0.01 }),
      ga: seeded({ UA: 0.2, TA: 0.94 }, { UA: 0.05, TA: 0.01 }),
    } };
    const [retrain, muda, ga] = compareRows(r);
    expect(retrain.referenceNoise?.seeds).toBe(3);
    expect(withinNoiseFloor(retrain, 'UA')).toBe(true);
    expect(withinNoiseFloor(muda, 'UA')).toBe(true); // 0.019 ≤ 0.02
    expect(withinNoiseFloor(ga, 'UA')).toBe(false); // 0.15 > 0.02
    expect(withinNoiseFloor(muda, 'TA')).toBe(true); // equal at std 0
    expect(withinNoiseFloor(ga, 'TA')).toBe(false); // any difference at std 0
    expect(withinNoiseFloor(ga, 'timeMs')).toBeUndefined();
  });

  it('has no noise floor with a single seed', () => {
    const rows = compareRows(results());
    expect(rows[1].referenceNoise).toBeUndefined();
    expect(withinNoiseFloor(rows[3], 'UA')).toBeUndefined();
  });

  it('relearn steps gap is relative to Retrain', () => {
    const r = { models: { retrain: modelResult({ metrics: metrics({ relearnSteps: 20 }) }), ga: modelResult({ metrics: metrics({ relearnSteps: 5 }) }) } };
    expect(gapToRetrain(compareRows(r)[1], 'relearnSteps')).toBeCloseTo(-0.75, 12);
    expect(gapScale('relearnSteps')).toBe(1);
    expect(gapScale('timeMs')).toBeNull();
  });

  it('no Retrain: no gaps', () => {
    const r = { models: { ga: modelResult() } };
    expect(gapToRetrain(compareRows(r)[0], 'UA')).toBeUndefined();
  });

  it('several seeds: the mean is shown and the std kept', () => {
    const r = { models: { muda: modelResult({ mean: { UA: 0.5 }, std: { UA: 0.1 } }) } };
    const [row] = compareRows(r);
    expect(row.values.UA).toBe(0.5);
    expect(row.std.UA).toBe(0.1);
  });

  it('rows of a named run carry the run in their key', () => {
    expect(compareRows(results(), {}, 'run 1')[2].key).toBe('run 1/muda');
    // Two stored runs of one name (made in the same minute) keep distinct keys: React would otherwise mix up their rows.
    const twice = [...compareRows(results(), {}, 'same name', 'id-1'), ...compareRows(results(), {}, 'same name', 'id-2')];
    expect(new Set(twice.map((r) => r.key)).size).toBe(twice.length);
    expect(twice.map((r) => r.run)).toEqual(twice.map(() => 'same name'));
  });
});

describe('sorting', () => {
  const rows = compareRows(results());

  it('by a metric, descending then ascending', () => {
    expect(sortRows(rows, { key: 'UA', dir: 'desc' }).map((r) => r.modelId)).toEqual(['retrain', 'muda', 'ga', 'original']);
    expect(sortRows(rows, { key: 'UA', dir: 'asc' }).map((r) => r.modelId)).toEqual(['original', 'ga', 'muda', 'retrain']);
  });

  it('rows without the value go last either way', () => {
    const withGap = [...rows];
    withGap[0] = { ...withGap[0], values: { ...withGap[0].values, DA: undefined } };
    expect(sortRows(withGap, { key: 'DA', dir: 'asc' }).at(-1)?.modelId).toBe('original');
    expect(sortRows(withGap, { key: 'DA', dir: 'desc' }).at(-1)?.modelId).toBe('original');
  });

  it('by name', () => {
    expect(sortRows(rows, { key: 'label', dir: 'asc' }).map((r) => r.label)).toEqual(['ga', 'muda', 'Original', 'Retrain']);
  });

  it('header clicks cycle: first direction, flipped, cleared', () => {
    expect(nextSort(null, 'UA')).toEqual({ key: 'UA', dir: 'desc' });
    expect(nextSort({ key: 'UA', dir: 'desc' }, 'UA')).toEqual({ key: 'UA', dir: 'asc' });
    expect(nextSort({ key: 'UA', dir: 'asc' }, 'UA')).toBeNull();
    expect(nextSort({ key: 'UA', dir: 'asc' }, 'label')).toEqual({ key: 'label', dir: 'asc' });
  });
});

describe('formatting', () => {
  it('accuracies as percent, others with 3 decimals, steps as integers, time in seconds', () => {
    expect(formatValue('UA', 0.9712)).toBe('97.1%');
    expect(formatValue('DA', 0.31234)).toBe('0.312');
    expect(formatValue('relearnSteps', 12.4)).toBe('12');
    expect(formatValue('timeMs', 1234)).toBe('1.2 s');
    expect(formatValue('timeMs', 12345)).toBe('12 s');
    expect(formatValue('UA', undefined)).toBe('—');
    expect(formatValue('avgGap', 3.25)).toBe('3.3 pp');
    expect(gapScale('avgGap')).toBe(20);
  });

  it('gaps in points or relative', () => {
    expect(formatGap('UA', -0.3)).toBe('−30.0 pp vs Retrain');
    expect(formatGap('DA', 0.02)).toBe('+0.020 vs Retrain');
    expect(formatGap('relearnSteps', -0.75)).toBe('−75% vs Retrain');
  });
});

describe('saturated columns', () => {
  // Random forgetting, as measured: DA 1.000 for every model, relearn 0 for every model.
  const random = (over: Record<string, Partial<ReturnType<typeof metrics>>>) => ({
    models: Object.fromEntries(Object.entries(over).map(([id, m]) => [id, modelResult({ metrics: metrics({ DA: 0.9998, relearnSteps: 0, ...m }) })])),
  });

  it('greys DA and relearn steps when every model reads the same, with a title that says why', () => {
    const rows = compareRows(random({ original: { UA: 0.002 }, retrain: { UA: 0.05, DA: 0.9997 }, muda: { UA: 0.008 } }));
    // (The fixture's other metrics are equal for every model too: ask about four columns.)
    const greyed = saturatedColumns(rows, ['UA', 'DA', 'relearnSteps', 'timeMs']);
    expect(Object.keys(greyed).sort()).toEqual(['DA', 'relearnSteps']);
    expect(greyed.DA).toMatch(/^Greyed: every model reads 1\.000, Original and Retrain included .*cannot tell the models apart/);
    expect(greyed.relearnSteps).toMatch(/every model reads 0,/);
  });

  it('greys nothing without Original or Retrain in the run', () => {
    expect(saturatedColumns(compareRows(random({ retrain: {}, muda: {}, ga: {} })), ['DA', 'relearnSteps'])).toEqual({});
  });

  it('with several runs, greys a column only when it is flat in every run', () => {
    const flat = compareRows(random({ original: {}, retrain: {} }), {}, 'random');
    const classWise = compareRows(random({ original: { DA: 0.966 }, retrain: { DA: 0.993 } }), {}, 'class');
    const both = saturatedColumns([...flat, ...classWise], ['DA', 'relearnSteps']);
    expect(both.DA).toBeUndefined();
    expect(both.relearnSteps).toBeDefined();
    expect(saturatedColumns(flat, ['DA']).DA).toBeDefined();
  });
});
