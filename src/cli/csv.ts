// CSV input for the CLI: RFC 4180 fields (quotes, "" escapes, CRLF), a header row, numeric feature
// columns and one label column (numbers or class names) or several one-hot label columns. Every bad
// row is reported by file, line, column and value.
import { readFileSync } from 'node:fs';

/** Bad input data: printed as one message, exit code 1. */
export class DataError extends Error {
  override name = 'DataError';
}

export interface Table {
  file: string;
  header: string[];
  /** Cells by row; line[r] is the 1-based line number of row r in the file. */
  rows: string[][];
  line: number[];
}

/** Splits CSV text into records. Quoted fields may hold commas, quotes ("") and newlines. */
export function parseCsv(text: string, file: string): Table {
  const records: { cells: string[]; line: number }[] = [];
  let cells: string[] = [], cell = '', quoted = false, lineNo = 1, startLine = 1, fieldStarted = false;
  const endRecord = () => {
    cells.push(cell);
    // Blank lines (a single empty cell) are skipped, as most CSV readers do.
    if (!(cells.length === 1 && cells[0]!.trim() === '' && !fieldStarted)) records.push({ cells, line: startLine });
    cells = [];
    cell = '';
    fieldStarted = false;
  };
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // byte-order mark
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else { if (ch === '\n') lineNo++; cell += ch; }
    } else if (ch === '"' && cell.trim() === '') { quoted = true; cell = ''; fieldStarted = true; }
    else if (ch === ',') { cells.push(cell); cell = ''; fieldStarted = true; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      endRecord();
      startLine = ++lineNo;
    } else cell += ch;
  }
  if (quoted) throw new DataError(`${file}:${startLine}: a quoted field is not closed`);
  if (cell !== '' || cells.length > 0 || fieldStarted) endRecord();
  if (records.length === 0) throw new DataError(`${file}: the file is empty; expected a header row and data rows`);
  const header = records[0]!.cells.map((h) => h.trim());
  header.forEach((h, j) => {
    if (h === '') throw new DataError(`${file}:${records[0]!.line}: column ${j + 1} of the header has no name`);
    const k = header.indexOf(h);
    if (k !== j) throw new DataError(`${file}:${records[0]!.line}: the header names column "${h}" twice (columns ${k + 1} and ${j + 1})`);
  });
  const rows: string[][] = [], line: number[] = [];
  for (const r of records.slice(1)) {
    if (r.cells.length !== header.length) {
      throw new DataError(`${file}:${r.line}: expected ${header.length} columns (as the header), got ${r.cells.length}`);
    }
    rows.push(r.cells.map((c) => c.trim()));
    line.push(r.line);
  }
  if (rows.length === 0) throw new DataError(`${file}: no data rows after the header`);
  return { file, header, rows, line };
}

export function readCsv(file: string): Table {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DataError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read (${(e as Error).message})`);
  }
  return parseCsv(text, file);
}

/** Column indices of `names` in the header, or a DataError listing the columns there are. */
export function columnsOf(t: Table, names: string[], what: string): number[] {
  return names.map((name) => {
    const j = t.header.indexOf(name);
    if (j < 0) throw new DataError(`${t.file}: no column "${name}" (${what}); the header has: ${t.header.join(', ')}`);
    return j;
  });
}

// NOTE: Number() is not a CSV reader: Number('') and Number(' ') are 0, Number('0x1F') is 31 and
// Number('1e400') is Infinity. A cell is a number only in decimal notation.
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
// Every cell ends up in a Float32Array; beyond this it would become ±Infinity there.
const F32_MAX = 3.4028234663852886e38;

/** The string as a decimal number that a float32 holds finitely (±3.4e38), else NaN. */
export function parseDecimal(s: string): number {
  if (!DECIMAL.test(s)) return NaN;
  const v = Number(s);
  return Math.abs(v) <= F32_MAX ? v : NaN;
}

/** The cell as a decimal number (parseDecimal), or a DataError naming line, column and value. */
export function numberAt(t: Table, r: number, j: number): number {
  const s = t.rows[r]![j]!;
  const v = parseDecimal(s);
  if (Number.isNaN(v)) {
    const where = `${t.file}:${t.line[r]}: column "${t.header[j]}"`;
    if (s === '') throw new DataError(`${where} is empty; expected a decimal number`);
    const range = DECIMAL.test(s) ? ' within ±3.4e38 (float32)' : '';
    throw new DataError(`${where} is ${JSON.stringify(s)}; expected a decimal number${range}`);
  }
  return v;
}

/** Rows × columns as a row-major Float32Array, every cell checked. */
export function numericColumns(t: Table, cols: number[]): Float32Array {
  const out = new Float32Array(t.rows.length * cols.length);
  for (let r = 0; r < t.rows.length; r++) for (let c = 0; c < cols.length; c++) out[r * cols.length + c] = numberAt(t, r, cols[c]!);
  return out;
}
