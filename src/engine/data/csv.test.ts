import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { DataError } from '../errors';
import { gatherInputs, range } from './dataset';
import { parseCsvDataset, type CsvOptions } from './csv';

const parse = (text: string, opts: Partial<CsvOptions> = {}) =>
  parseCsvDataset(text, { name: 'data.csv', rng: createRng(1), ...opts });

/** n rows of two features and a label cycling through `labels`. */
function table(n: number, labels: string[], header = 'a,b,species'): string {
  const rows = [header];
  for (let i = 0; i < n; i++) rows.push(`${i},${(i * 7) % 5},${labels[i % labels.length]}`);
  return rows.join('\n') + '\n';
}

function allLabels(ds: { train: { y: Int32Array }; test: { y: Int32Array } }): number[] {
  return [...ds.train.y, ...ds.test.y];
}

function expectDataError(fn: () => unknown, message: RegExp): void {
  let caught: unknown;
  try { fn(); } catch (e) { caught = e; }
  expect(caught).toBeInstanceOf(DataError);
  expect((caught as DataError).message).toMatch(message);
}

describe('parseCsvDataset: reading', () => {
  it('a header and text labels: shapes, sorted class names, label range, 80/20 split', () => {
    const ds = parse(table(50, ['virginica', 'setosa', 'versicolor']));
    expect(ds.name).toBe('data.csv');
    expect(ds.inputShape).toEqual([2]);
    expect(ds.numClasses).toBe(3);
    expect(ds.classNames).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(ds.train.n).toBe(40);
    expect(ds.test.n).toBe(10);
    expect(ds.train.x).toBeInstanceOf(Float32Array);
    expect(ds.train.x.length).toBe(80);
    expect(ds.xScale).toBe(1);
    for (const v of allLabels(ds)) expect(v >= 0 && v < 3).toBe(true);
    // Stratified: every class is in the test set.
    expect(new Set(ds.test.y).size).toBe(3);
  });

  it('keeps each row intact: feature values stay attached to their label', () => {
    const ds = parse('x,label\n1,a\n2,b\n3,a\n4,b\n5,a\n6,b\n7,a\n8,b\n9,a\n10,b\n');
    for (const s of [ds.train, ds.test]) {
      for (let i = 0; i < s.n; i++) expect(s.y[i]).toBe(s.x[i] % 2 === 1 ? 0 : 1);
    }
  });

  it('is deterministic for a seed; another seed gives another split', () => {
    const text = table(40, ['a', 'b']);
    const a = parse(text, { rng: createRng(5) });
    const b = parse(text, { rng: createRng(5) });
    const c = parse(text, { rng: createRng(6) });
    expect([...a.train.x]).toEqual([...b.train.x]);
    expect([...a.test.y]).toEqual([...b.test.y]);
    expect([...a.train.x]).not.toEqual([...c.train.x]);
  });

  it('standardises with the training mean and std; a constant column gets std 1', () => {
    const rows = ['f,const,label'];
    for (let i = 0; i < 30; i++) rows.push(`${i * 3},7,${i % 2}`);
    const ds = parse(rows.join('\n'));
    const { mean, std } = ds.normalization!;
    const f = [...ds.train.x].filter((_, k) => k % 2 === 0);
    const m = f.reduce((s, v) => s + v, 0) / f.length;
    expect(mean[0]).toBeCloseTo(m, 4);
    expect(std[0]).toBeCloseTo(Math.sqrt(f.reduce((s, v) => s + (v - m) ** 2, 0) / f.length), 3);
    expect(mean[1]).toBe(7);
    expect(std[1]).toBe(1);
    const z = gatherInputs(ds, ds.test, range(ds.test.n));
    for (let i = 0; i < ds.test.n; i++) expect(z[2 * i + 1]).toBe(0);
  });

  it('integer labels become classes ordered by value, named by value', () => {
    const ds = parse(table(30, ['5', '-1', '3'], 'a,b,c'));
    expect(ds.classNames).toEqual(['-1', '3', '5']);
    expect(new Set(allLabels(ds))).toEqual(new Set([0, 1, 2]));
  });

  it('finds the label column by name (label/class/y/target) anywhere, else takes the last', () => {
    const ds = parse('Class,f1,f2\nx,1,2\ny,3,4\nx,5,6\ny,7,8\n');
    expect(ds.inputShape).toEqual([2]);
    expect(ds.classNames).toEqual(['x', 'y']);
    const last = parse('f1,f2,kind\n1,2,p\n3,4,q\n5,6,p\n7,8,q\n');
    expect(last.classNames).toEqual(['p', 'q']);
  });

  it('x,y,label: the class is "label", and y stays a coordinate (y is only the last resort)', () => {
    const ds = parse('x,y,label\n0.5,1.5,a\n-0.5,2.5,b\n1.5,-1,a\n2,0.25,b\n');
    expect(ds.inputShape).toEqual([2]);
    expect(ds.classNames).toEqual(['a', 'b']);
    expect(parse('x,y\n0.5,0\n1.5,1\n-1,0\n2,1\n').classNames).toEqual(['0', '1']);
  });

  it('labelColumn by index (negative from the end) and by header name, case-insensitive', () => {
    const text = 'k,f,g\n1,10,5\n2,20,6\n1,30,5\n2,40,6\n';
    expect(parse(text, { labelColumn: 0 }).classNames).toEqual(['1', '2']);
    expect(parse(text, { labelColumn: -1 }).classNames).toEqual(['5', '6']);
    expect(parse(text, { labelColumn: 'K' }).classNames).toEqual(['1', '2']);
  });

  it('detects a file without a header, with numeric and with text labels', () => {
    const numeric = parse('1,2,0\n3,4,1\n5,6,0\n7,8,1\n');
    expect(numeric.train.n + numeric.test.n).toBe(4);
    const text = parse('5.1,3.5,setosa\n4.9,3.0,setosa\n6.2,2.9,versicolor\n5.9,3.0,versicolor\n');
    expect(text.train.n + text.test.n).toBe(4);
    expect(text.classNames).toEqual(['setosa', 'versicolor']);
    // Told explicitly: the first row is data even though it looks like a header would.
    expect(() => parse('a,b\n1,x\n2,y\n', { header: false })).toThrow(/row 1, column 1: "a" is not a number/);
  });

  it('handles quoted fields, "" escapes, delimiters and newlines inside quotes, CRLF, BOM and blank lines', () => {
    const text = '\uFEFF"f 1","f,2",label\r\n"1",2,"a ""quoted"" label"\r\n\r\n3,"4","multi\r\nline"\r\n5,6,"a ""quoted"" label"\r\n7,8,"multi\r\nline"\r\n';
    const ds = parse(text);
    expect(ds.classNames).toEqual(['a "quoted" label', 'multi\r\nline']);
    expect(ds.train.n + ds.test.n).toBe(4);
  });

  it('detects ; with decimal commas and tab delimiters; drops a trailing delimiter column', () => {
    const semi = parse('a;b;label\n1,5;2;x\n3,25;4;y\n5;6;x\n7;8;y\n');
    expect(semi.inputShape).toEqual([2]);
    expect([...semi.train.x, ...semi.test.x].sort((p, q) => p - q)).toEqual([1.5, 2, 3.25, 4, 5, 6, 7, 8]);
    const tab = parse('a\tb\tlabel\n1\t2\tx\n3\t4\ty\n5\t6\tx\n7\t8\ty');
    expect(tab.inputShape).toEqual([2]);
    const trailing = parse('1,2,a,\n3,4,b,\n5,6,a,\n7,8,b,\n');
    expect(trailing.inputShape).toEqual([2]);
    expect(trailing.classNames).toEqual(['a', 'b']);
  });

  it('numbers in exponent form, with signs and spaces, are read', () => {
    const ds = parse('f,label\n 1e3 ,a\n-2.5E-1,b\n+.5,a\n7.,b\n');
    expect([...ds.train.x, ...ds.test.x].sort((p, q) => p - q)).toEqual([-0.25, 0.5, 7, 1000]);
  });
});

describe('parseCsvDataset: rejections name the row, column or option', () => {
  const cases: [string, string, Partial<CsvOptions>, RegExp][] = [
    ['empty file', '', {}, /^data\.csv: is empty$/],
    ['only whitespace', '\n \r\n\t\n', {}, /^data\.csv: is empty$/],
    ['only a header', 'a,b,label\n', {}, /^data\.csv: has a header row but no data rows$/],
    ['a ragged row (line numbers count blank lines and CRLF)', 'a,b,label\r\n1,2,x\r\n\r\n3,4\r\n5,6,y\r\n', {}, /^data\.csv row 4: has 2 fields, expected 3 like row 1$/],
    ['a row with too many fields', 'a,b,label\n1,2,x\n3,4,y,9\n', {}, /^data\.csv row 3: has 4 fields, expected 3/],
    ['a non-numeric feature', 'a,b,label\n1,2,x\n3,four,y\n5,6,x\n', {}, /^data\.csv row 3, column "b": "four" is not a number/],
    ['a non-numeric feature without header', '1,2,x\n3,4,y\n5,6,x\n7,eight,y\n', {}, /^data\.csv row 4, column 2: "eight" is not a number/],
    ['NaN', 'a,b,label\n1,NaN,x\n3,4,y\n', {}, /^data\.csv row 2, column "b": "NaN" is NaN or infinite/],
    ['Infinity', 'a,b,label\n1,2,x\n-Infinity,4,y\n', {}, /^data\.csv row 3, column "a": "-Infinity" is NaN or infinite/],
    ['a number too large for float32', 'a,b,label\n1,2,x\n1e39,4,y\n', {}, /row 3, column "a": "1e39" is too large for a 32-bit float/],
    ['an empty feature', 'a,b,label\n1,,x\n3,4,y\n', {}, /row 2, column "b": the value is empty/],
    ['an empty label', 'a,b,label\n1,2,x\n3,4, \n', {}, /row 3, column "label": the label is empty/],
    ['mixed number and text labels', 'a,label\n1,0\n2,1\n3,cat\n4,1\n', {}, /^data\.csv, label column "label": mixes numbers \(row 2: "0"\) and text \(row 4: "cat"\)/],
    ['a non-integer numeric label', 'a,label\n1,0\n2,0.5\n', {}, /row 3, column "label": label "0.5" is not an integer/],
    ['one class only', 'a,label\n1,x\n2,x\n3,x\n', {}, /label column "label": has one class only \("x"\); need at least 2/],
    ['more than 100 classes', table(150, [...Array(150).keys()].map((i) => `c${i}`)), {}, /label column "species": has more than 100 distinct values/],
    ['a file over maxBytes, before parsing', 'a,label\n1,x\n2,y\n', { maxBytes: 10 }, /^data\.csv: is larger than the 10 bytes limit \(option maxBytes\)/],
    ['multi-byte characters count as bytes', 'é,label\n1,x\n', { maxBytes: 12 }, /larger than the 12 bytes limit/],
    ['more than maxRows rows', table(20, ['a', 'b']), { maxRows: 10 }, /^data\.csv: has more than 10 data rows \(option maxRows\)/],
    ['an unterminated quote', 'a,label\n1,x\n2,"y\n3,z\n', {}, /^data\.csv row 3: a quoted field is never closed/],
    ['text after a closing quote', 'a,label\n1,"x"y\n', {}, /^data\.csv row 2: unexpected "y" after a closing quote/],
    ['a single column', 'label\nx\ny\n', {}, /^data\.csv row 1: has 1 column; need numeric features and a label column/],
    ['labelColumn out of range', table(4, ['a', 'b']), { labelColumn: 3 }, /option labelColumn 3 is not a column: the file has 3 columns/],
    ['labelColumn not in the header', table(4, ['a', 'b']), { labelColumn: 'kind' }, /option labelColumn "kind" is not in the header \(columns: "a", "b", "species"\)/],
    ['labelColumn by name without a header', '1,2,a\n3,4,b\n', { labelColumn: 'kind' }, /option labelColumn "kind" names a column, but the file has no header row/],
    ['a bad testFraction', table(4, ['a', 'b']), { testFraction: 1 }, /^data\.csv: option testFraction must be a number strictly between 0 and 1, got 1/],
    ['too few rows to hold out a test set', 'a,label\n1,x\n2,y\n', {}, /^data\.csv: only 2 samples, one per class: too few to hold out a test set/],
  ];
  it.each(cases)('%s', (_case, text, opts, message) => {
    expectDataError(() => parse(text, opts), message);
  });

  it('a huge text over maxBytes is rejected at once, without parsing it', () => {
    const big = '1,2,x\n'.repeat(4_000_000); // 24 MB
    const t0 = Date.now();
    expectDataError(() => parse(big), /data\.csv: is larger than the 20 MB limit/);
    expect(Date.now() - t0).toBeLessThan(1000);
  });

  it('never evaluates cell text', () => {
    const g = globalThis as { pwned?: boolean };
    expectDataError(() => parse('a,b,label\n1,2,x\n(globalThis.pwned=true),3,y\n'), /"\(globalThis\.pwned=true\)" is not a number/);
    expect(g.pwned).toBeUndefined();
  });
});
