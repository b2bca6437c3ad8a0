/**
 * A CSV file as a classification dataset: numeric feature columns and one
 * label column. The text is parsed as data only (a small RFC 4180 state
 * machine: quoted fields, "" escapes, CRLF / LF / CR, BOM), never evaluated.
 * Every rejection names the file, the row (1-based line number, as a text
 * editor shows it) and, where it applies, the column.
 *
 * Split: stratified and seeded (split.ts), testFraction of each class held
 * out. Features are standardised with the training mean and std.
 */
import { DataError } from '../errors';
import type { Rng } from '../random';
import type { Dataset } from './dataset';
import { checkTestFraction, standardization, stratifiedSplit, takeRows } from './split';

export interface CsvOptions {
  /** File name, used as the dataset name and in every message. */
  name: string;
  /** Header name, or 0-based column index (negative counts from the end). Default: the first of label/class/target/y that the header has, else the last column. */
  labelColumn?: string | number;
  /** Whether the first row names the columns; default: detected. */
  header?: boolean;
  /** Default: detected among , ; and tab. */
  delimiter?: ',' | ';' | '\t';
  maxBytes?: number;
  maxRows?: number;
  maxColumns?: number;
  maxClasses?: number;
  testFraction?: number;
  rng: Rng;
}

export const CSV_DEFAULTS = {
  maxBytes: 20 * 1024 * 1024,
  maxRows: 1_000_000,
  maxColumns: 10_000,
  maxClasses: 100,
  testFraction: 0.2,
} as const;

const DELIMITERS = [',', ';', '\t'] as const;
// In priority order: 'y' comes last because 2-D sets are often written x,y,label,
// where y is a coordinate, not the class.
const LABEL_NAMES = ['label', 'class', 'target', 'y'];
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE = /^[+-]?(?:nan|inf|infinity)$/i;
const FLOAT32_MAX = 3.4028234663852886e38;

interface Records {
  rows: string[][];
  /** 1-based line on which each row starts. */
  lines: number[];
}

/** Parses the file into a Dataset; throws DataError naming the row/column and the problem. */
export function parseCsvDataset(text: string, opts: CsvOptions): Dataset {
  const name = opts.name || 'CSV file';
  const maxBytes = opts.maxBytes ?? CSV_DEFAULTS.maxBytes;
  const maxRows = opts.maxRows ?? CSV_DEFAULTS.maxRows;
  const maxClasses = opts.maxClasses ?? CSV_DEFAULTS.maxClasses;
  const testFraction = checkTestFraction(opts.testFraction ?? CSV_DEFAULTS.testFraction, name);
  const size = utf8Length(text, maxBytes);
  if (size > maxBytes) {
    throw new DataError(name, `is larger than the ${formatBytes(maxBytes)} limit (option maxBytes)`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new DataError(name, 'is empty');

  const delimiter = opts.delimiter ?? detectDelimiter(text);
  const limits = { maxRecords: maxRows + 1, maxColumns: opts.maxColumns ?? CSV_DEFAULTS.maxColumns };
  const { rows, lines } = parseRecords(text, delimiter, limits, name);
  const decimalComma = delimiter !== ',';
  dropTrailingEmptyColumn(rows);

  const header = opts.header ?? looksLikeHeader(rows, decimalComma);
  const headerCells = header ? rows[0].map((h) => h.trim()) : null;
  const first = header ? 1 : 0;
  const n = rows.length - first;
  if (n === 0) throw new DataError(name, 'has a header row but no data rows');
  if (n > maxRows) throw new DataError(name, `has more than ${maxRows} data rows (option maxRows)`);
  const numCols = rows[0].length;
  if (numCols < 2) {
    throw new DataError(`${name} row ${lines[0]}`, `has ${numCols} column; need numeric features and a label column, separated by , ; or tab`);
  }
  for (let r = 1; r < rows.length; r++) {
    if (rows[r].length !== numCols) {
      throw new DataError(`${name} row ${lines[r]}`, `has ${rows[r].length} fields, expected ${numCols} like row ${lines[0]}`);
    }
  }
  const labelCol = resolveLabelColumn(opts.labelColumn, headerCells, numCols, name);
  const columnName = (c: number) => (headerCells?.[c] ? `column "${headerCells[c]}"` : `column ${c + 1}`);

  const featureCols = [...Array(numCols).keys()].filter((c) => c !== labelCol);
  const d = featureCols.length;
  const x = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const row = rows[first + i];
    for (let j = 0; j < d; j++) {
      const c = featureCols[j];
      const v = parseNumber(row[c], decimalComma);
      if (typeof v !== 'number') {
        throw new DataError(`${name} row ${lines[first + i]}, ${columnName(c)}`, featureProblem(row[c], v));
      }
      x[i * d + j] = v;
    }
  }
  const { y, classNames } = readLabels(rows, lines, first, labelCol, columnName(labelCol), maxClasses, name);

  const split = stratifiedSplit(y, classNames.length, testFraction, opts.rng.fork(`csv:${name}:split`), name);
  const train = takeRows(x, y, split.train, d);
  return {
    name,
    inputShape: [d],
    numClasses: classNames.length,
    classNames,
    train,
    test: takeRows(x, y, split.test, d),
    xScale: 1,
    normalization: standardization(train.x as Float32Array, d),
  };
}

// ------------------------------------------------------------------- parsing

/**
 * Splits text into records of fields. Blank lines are skipped. Stops after
 * `stopAfter` records when given (delimiter detection); otherwise more than
 * `maxRecords` records or `maxColumns` fields in one record is an error.
 */
function parseRecords(
  text: string, delimiter: string, limits: { maxRecords: number; maxColumns: number; stopAfter?: number }, name: string,
): Records {
  const QUOTE = 34, LF = 10, CR = 13;
  const delim = delimiter.charCodeAt(0);
  const rows: string[][] = [];
  const lines: number[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    for (;;) {
      let field: string;
      if (text.charCodeAt(i) === QUOTE) {
        const openLine = line;
        let value = '';
        let seg = ++i;
        for (;;) {
          if (i >= n) throw new DataError(`${name} row ${openLine}`, 'a quoted field is never closed (missing ")');
          const ch = text.charCodeAt(i);
          if (ch === QUOTE) {
            value += text.slice(seg, i);
            if (text.charCodeAt(i + 1) === QUOTE) { value += '"'; i += 2; seg = i; continue; }
            i++;
            break;
          }
          if (ch === LF || (ch === CR && text.charCodeAt(i + 1) !== LF)) line++;
          i++;
        }
        while (i < n && text.charCodeAt(i) === 32) i++;
        const next = text.charCodeAt(i);
        if (i < n && next !== delim && next !== LF && next !== CR) {
          throw new DataError(`${name} row ${line}`, `unexpected ${JSON.stringify(text[i])} after a closing quote`);
        }
        field = value;
      } else {
        const start = i;
        while (i < n) {
          const ch = text.charCodeAt(i);
          if (ch === delim || ch === LF || ch === CR) break;
          i++;
        }
        field = text.slice(start, i);
      }
      fields.push(field);
      if (fields.length > limits.maxColumns) {
        throw new DataError(`${name} row ${startLine}`, `has more than ${limits.maxColumns} fields (option maxColumns)`);
      }
      if (i >= n) break;
      const ch = text.charCodeAt(i++);
      if (ch === delim) continue;
      if (ch === CR && text.charCodeAt(i) === LF) i++;
      line++;
      break;
    }
    if (fields.length === 1 && fields[0].trim() === '') continue;
    rows.push(fields);
    lines.push(startLine);
    if (rows.length === limits.stopAfter) break;
    if (rows.length > limits.maxRecords) {
      throw new DataError(name, `has more than ${limits.maxRecords - 1} data rows (option maxRows)`);
    }
  }
  return { rows, lines };
}

/**
 * Picks the delimiter that splits the first rows into the same number (> 1)
 * of fields, preferring the one under which more cells read as numbers (so
 * "1,5;2,5" with decimal commas picks ";"), then more fields.
 */
function detectDelimiter(text: string): string {
  let best: string = ',';
  let bestScore = [-1, -1];
  for (const delim of DELIMITERS) {
    let records: Records;
    try {
      records = parseRecords(text, delim, { maxRecords: Infinity, maxColumns: 100_000, stopAfter: 20 }, '');
    } catch {
      continue;
    }
    const counts = new Set(records.rows.map((r) => r.length));
    const width = records.rows[0]?.length ?? 0;
    if (counts.size !== 1 || width < 2) continue;
    let numeric = 0;
    for (const r of records.rows) for (const cell of r) if (typeof parseNumber(cell, delim !== ',') === 'number') numeric++;
    if (numeric > bestScore[0] || (numeric === bestScore[0] && width > bestScore[1])) {
      best = delim;
      bestScore = [numeric, width];
    }
  }
  return best;
}

/** A header row has a text cell where the next row has a number; a lone row of text is a header. */
function looksLikeHeader(rows: string[][], decimalComma: boolean): boolean {
  const isNum = (s: string | undefined) => s !== undefined && typeof parseNumber(s, decimalComma) === 'number';
  if (rows.length === 1) return rows[0].every((cell) => !isNum(cell));
  return rows[0].some((cell, c) => !isNum(cell) && isNum(rows[1][c]));
}

/** "1,2,3," on every row: the trailing delimiter is not a column. */
function dropTrailingEmptyColumn(rows: string[][]): void {
  if (rows.length === 0 || rows[0].length < 2) return;
  const w = rows[0].length;
  if (rows.every((r) => r.length === w && r[w - 1].trim() === '')) for (const r of rows) r.pop();
}

function resolveLabelColumn(choice: string | number | undefined, header: string[] | null, numCols: number, name: string): number {
  if (typeof choice === 'number') {
    const c = choice < 0 ? numCols + choice : choice;
    if (!Number.isInteger(choice) || c < 0 || c >= numCols) {
      throw new DataError(name, `option labelColumn ${choice} is not a column: the file has ${numCols} columns (0-based index)`);
    }
    return c;
  }
  if (typeof choice === 'string') {
    if (!header) throw new DataError(name, `option labelColumn "${choice}" names a column, but the file has no header row`);
    let c = header.indexOf(choice.trim());
    if (c < 0) c = header.findIndex((h) => h.toLowerCase() === choice.trim().toLowerCase());
    if (c < 0) {
      const shown = header.slice(0, 20).map((h) => JSON.stringify(h)).join(', ');
      throw new DataError(name, `option labelColumn "${choice}" is not in the header (columns: ${shown}${header.length > 20 ? ', …' : ''})`);
    }
    return c;
  }
  if (header) {
    const lower = header.map((h) => h.toLowerCase());
    for (const label of LABEL_NAMES) {
      const c = lower.indexOf(label);
      if (c >= 0) return c;
    }
  }
  return numCols - 1;
}

/**
 * Labels are all integers (classes ordered by value) or all text (ordered by
 * code point); a column mixing the two is more likely a wrong column or a
 * typo than a real label, so it is rejected.
 */
function readLabels(
  rows: string[][], lines: number[], first: number, col: number, colName: string, maxClasses: number, name: string,
): { y: Int32Array; classNames: string[] } {
  const raw: string[] = [];
  let firstNumber = -1;
  let firstText = -1;
  const distinct = new Set<string>();
  for (let r = first; r < rows.length; r++) {
    const cell = rows[r][col].trim();
    const where = `${name} row ${lines[r]}, ${colName}`;
    if (cell === '') throw new DataError(where, 'the label is empty');
    let key = cell;
    if (NUMBER.test(cell)) {
      const v = Number(cell);
      if (!Number.isInteger(v)) throw new DataError(where, `label ${JSON.stringify(cell)} is not an integer; labels are classes, not regression targets`);
      key = String(v === 0 ? 0 : v);
      if (firstNumber < 0) firstNumber = r;
    } else if (firstText < 0) firstText = r;
    if (firstNumber >= 0 && firstText >= 0) {
      throw new DataError(`${name}, label ${colName}`, `mixes numbers (row ${lines[firstNumber]}: ${JSON.stringify(rows[firstNumber][col].trim())}) and text (row ${lines[firstText]}: ${JSON.stringify(rows[firstText][col].trim())})`);
    }
    distinct.add(key);
    if (distinct.size > maxClasses) {
      throw new DataError(`${name}, label ${colName}`, `has more than ${maxClasses} distinct values (option maxClasses); is it really the label column?`);
    }
    raw.push(key);
  }
  const classNames = [...distinct].sort(firstNumber >= 0 ? (a, b) => Number(a) - Number(b) : (a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (classNames.length < 2) {
    throw new DataError(`${name}, label ${colName}`, `has one class only (${JSON.stringify(classNames[0])}); need at least 2`);
  }
  const index = new Map(classNames.map((c, i) => [c, i]));
  return { y: Int32Array.from(raw, (k) => index.get(k) as number), classNames };
}

/** A finite float32 value, or why the cell is not one. */
function parseNumber(cell: string, decimalComma: boolean): number | 'empty' | 'nonfinite' | 'range' | 'text' {
  let t = cell.trim();
  if (t === '') return 'empty';
  if (decimalComma && /^[+-]?\d*,\d+$/.test(t)) t = t.replace(',', '.');
  if (NUMBER.test(t)) {
    const v = Number(t);
    return Number.isFinite(v) && Math.abs(v) <= FLOAT32_MAX ? v : 'range';
  }
  return NON_FINITE.test(t) ? 'nonfinite' : 'text';
}

function featureProblem(cell: string, why: 'empty' | 'nonfinite' | 'range' | 'text'): string {
  const shown = JSON.stringify(cell.length > 40 ? `${cell.slice(0, 40)}…` : cell);
  switch (why) {
    case 'empty': return 'the value is empty; every feature must be a number';
    case 'nonfinite': return `${shown} is NaN or infinite; features must be finite numbers`;
    case 'range': return `${shown} is too large for a 32-bit float`;
    case 'text': return `${shown} is not a number; every column except the label must be numeric`;
  }
}

/** UTF-8 byte length of `s`, counting no further than just past `cap`. */
function utf8Length(s: string, cap: number): number {
  if (s.length > cap) return s.length;
  let bytes = 0;
  for (let i = 0; i < s.length && bytes <= cap; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) { bytes += 4; i++; }
    else bytes += 3;
  }
  return bytes;
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${+(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}
