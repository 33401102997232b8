// CSV input for the CLI, read as a stream into columns: RFC 4180 fields (quotes, "" escapes, CRLF, a
// BOM), a header row, and the delimiter given or detected from the header (`,` `;` or tab). Cells are
// not kept as strings: each column keeps its values as float32 numbers and, while it has at most
// MAX_DISTINCT distinct cells, a dictionary of them, which is all that class names and categorical
// features need. Every bad row is reported by file, line, column and value.
import { createReadStream } from 'node:fs';

/** Bad input data: printed as one message, exit code 1. */
export class DataError extends Error {
  override name = 'DataError';
}

/** More distinct cells than this and a column can only be numbers (it is no class or category set). */
export const MAX_DISTINCT = 1000;

export interface Column {
  name: string;
  /** The cell as a decimal number (parseDecimal), NaN where it is not one. */
  numbers: Float32Array;
  /** The first cell that is not a decimal number, if any. */
  bad: { row: number; text: string } | null;
  /** Distinct cells in order of first appearance and each row's index into them; null past MAX_DISTINCT. */
  dict: string[] | null;
  codes: Int32Array | null;
}

export interface Table {
  file: string;
  header: string[];
  delimiter: string;
  n: number;
  /** line[r] is the 1-based line number of row r in the file. */
  line: Int32Array;
  columns: Column[];
}

export interface ReadOptions {
  /** One character; detected from the header line when absent. */
  delimiter?: string;
}

/** The text of one cell, when the column still has its dictionary or the cell is a number. */
export function cellText(t: Table, r: number, j: number): string {
  const c = t.columns[j]!;
  return c.dict ? c.dict[c.codes![r]!]! : String(c.numbers[r]);
}

const NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };
const describe = (d: string) => NAMES[d] ?? JSON.stringify(d);

/** The `--delimiter` option as one character (`tab` and `\t` spell a tab), or a DataError. */
export function delimiterOption(value: string): string {
  const d = value === 'tab' || value === '\\t' ? '\t' : value;
  if (d.length !== 1 || d === '"' || d === '\n' || d === '\r') {
    throw new DataError(`--delimiter must be one character other than a quote or a line break (or "tab"), got ${JSON.stringify(value)}`);
  }
  return d;
}

/**
 * The delimiter of a header line: whichever of `,` `;` tab occurs outside quotes; `,` when none does (a
 * one-column file). Two of them is ambiguous and a DataError that asks for --delimiter.
 */
export function detectDelimiter(header: string, file: string): string {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const ch of header) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in NAMES) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  if (counts.size === 0) return ',';
  if (counts.size === 1) return [...counts.keys()][0]!;
  const seen = [...counts].map(([d, k]) => `${k} ${describe(d)}${k > 1 ? 's' : ''}`).join(', ');
  throw new DataError(`${file}:1: cannot tell the delimiter: the header has ${seen}; pass --delimiter (',', ';' or tab)`);
}

/** A growing column while the file streams in. */
class ColumnBuilder {
  numbers = new Float32Array(1024);
  codes: Int32Array | null = new Int32Array(1024);
  dict: Map<string, number> | null = new Map();
  bad: Column['bad'] = null;
  constructor(readonly name: string) {}

  add(r: number, text: string): void {
    if (r === this.numbers.length) {
      this.numbers = grow(this.numbers);
      if (this.codes) this.codes = grow(this.codes);
    }
    const v = parseDecimal(text);
    this.numbers[r] = v;
    if (Number.isNaN(v) && !this.bad) this.bad = { row: r, text };
    if (!this.dict) return;
    let code = this.dict.get(text);
    if (code === undefined) {
      if (this.dict.size === MAX_DISTINCT) {
        this.dict = null;
        this.codes = null;
        return;
      }
      this.dict.set(text, (code = this.dict.size));
    }
    this.codes![r] = code;
  }

  finish(n: number): Column {
    return {
      name: this.name,
      numbers: this.numbers.slice(0, n),
      bad: this.bad,
      dict: this.dict ? [...this.dict.keys()] : null,
      codes: this.codes ? this.codes.slice(0, n) : null,
    };
  }
}

function grow<T extends Float32Array | Int32Array>(a: T): T {
  const b = new (a.constructor as new (n: number) => T)(a.length * 2);
  b.set(a);
  return b;
}

/**
 * Splits CSV text arriving in chunks into records. Quoted fields may hold delimiters, quotes ("") and
 * line breaks; text after a closing quote joins the field, as the CLI has always read it.
 */
class RecordSplitter {
  private cells: string[] = [];
  private cell = '';
  private quoted = false;
  /** A quote inside a quoted field whose meaning ("" or the end) depends on the next character. */
  private quotePending = false;
  private started = false;
  private afterCR = false;
  private lineNo = 1;
  private startLine = 1;
  private first = true;
  constructor(private readonly delimiter: string, private readonly onRecord: (cells: string[], line: number) => void) {}

  push(chunk: string): void {
    let s = chunk;
    if (this.first) {
      this.first = false;
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1); // byte-order mark
    }
    const d = this.delimiter;
    for (let i = 0; i < s.length; i++) {
      const ch = s[i]!;
      if (this.afterCR) {
        this.afterCR = false;
        if (ch === '\n') continue;
      }
      if (this.quotePending) {
        this.quotePending = false;
        if (ch === '"') {
          this.cell += '"';
          continue;
        }
        this.quoted = false;
      }
      if (this.quoted) {
        if (ch === '"') this.quotePending = true;
        else {
          if (ch === '\n') this.lineNo++;
          this.cell += ch;
        }
      } else if (ch === '"' && this.cell.trim() === '') {
        this.quoted = true;
        this.cell = '';
        this.started = true;
      } else if (ch === d) {
        this.cells.push(this.cell);
        this.cell = '';
        this.started = true;
      } else if (ch === '\n' || ch === '\r') {
        this.afterCR = ch === '\r';
        this.endRecord();
        this.startLine = ++this.lineNo;
      } else {
        // Runs of plain characters are sliced at once rather than added one by one.
        let j = i + 1;
        while (j < s.length) {
          const c = s[j]!;
          if (c === d || c === '"' || c === '\n' || c === '\r') break;
          j++;
        }
        this.cell += s.slice(i, j);
        i = j - 1;
      }
    }
  }

  end(file: string): void {
    if (this.quotePending) this.quoted = false;
    if (this.quoted) throw new DataError(`${file}:${this.startLine}: a quoted field is not closed`);
    if (this.cell !== '' || this.cells.length > 0 || this.started) this.endRecord();
  }

  private endRecord(): void {
    this.cells.push(this.cell);
    // Blank lines (a single empty cell) are skipped, as most CSV readers do.
    if (!(this.cells.length === 1 && this.cells[0]!.trim() === '' && !this.started)) this.onRecord(this.cells, this.startLine);
    this.cells = [];
    this.cell = '';
    this.started = false;
  }
}

/** Builds the columns record by record: the first record is the header. */
class TableBuilder {
  header: string[] | null = null;
  columns: ColumnBuilder[] = [];
  line = new Int32Array(1024);
  n = 0;
  constructor(private readonly file: string) {}

  record(cells: string[], lineNo: number): void {
    if (!this.header) {
      this.header = cells.map((h) => h.trim());
      this.header.forEach((h, j) => {
        if (h === '') throw new DataError(`${this.file}:${lineNo}: column ${j + 1} of the header has no name`);
        const k = this.header!.indexOf(h);
        if (k !== j) throw new DataError(`${this.file}:${lineNo}: the header names column "${h}" twice (columns ${k + 1} and ${j + 1})`);
      });
      this.columns = this.header.map((h) => new ColumnBuilder(h));
      return;
    }
    if (cells.length !== this.header.length) {
      throw new DataError(`${this.file}:${lineNo}: expected ${this.header.length} columns (as the header), got ${cells.length}`);
    }
    if (this.n === this.line.length) this.line = grow(this.line);
    this.line[this.n] = lineNo;
    for (let j = 0; j < cells.length; j++) this.columns[j]!.add(this.n, cells[j]!.trim());
    this.n++;
  }

  finish(delimiter: string): Table {
    if (!this.header) throw new DataError(`${this.file}: the file is empty; expected a header row and data rows`);
    if (this.n === 0) throw new DataError(`${this.file}: no data rows after the header`);
    const n = this.n;
    return { file: this.file, header: this.header, delimiter, n, line: this.line.slice(0, n), columns: this.columns.map((c) => c.finish(n)) };
  }
}

/** Reads CSV text arriving in chunks; the delimiter is detected on the header line unless one is given. */
class CsvReader {
  private readonly table: TableBuilder;
  private splitter: RecordSplitter | null = null;
  private head = '';
  private delimiter: string;
  constructor(private readonly file: string, private readonly opts: ReadOptions) {
    this.table = new TableBuilder(file);
    this.delimiter = opts.delimiter ?? ',';
  }

  push(chunk: string): void {
    if (this.splitter) return this.splitter.push(chunk);
    this.head += chunk;
    // The header line must be complete to detect the delimiter.
    if (this.opts.delimiter !== undefined || /[\r\n]/.test(this.head)) this.start();
  }

  finish(): Table {
    if (!this.splitter && this.head !== '') this.start();
    this.splitter?.end(this.file);
    return this.table.finish(this.delimiter);
  }

  private start(): void {
    const text = this.head, nl = text.search(/[\r\n]/);
    if (this.opts.delimiter === undefined) this.delimiter = detectDelimiter((nl < 0 ? text : text.slice(0, nl)).replace(/^\ufeff/, ''), this.file);
    this.splitter = new RecordSplitter(this.delimiter, (cells, line) => this.table.record(cells, line));
    this.splitter.push(text);
    this.head = '';
  }
}

/** Parses CSV text arriving in the given pieces, as readCsv does with a file's chunks. */
export function parseCsvChunks(chunks: Iterable<string>, file: string, opts: ReadOptions = {}): Table {
  const reader = new CsvReader(file, opts);
  for (const chunk of chunks) reader.push(chunk);
  return reader.finish();
}

/** Parses CSV text held in memory (tests, small inputs) exactly as readCsv streams a file. */
export function parseCsv(text: string, file: string, opts: ReadOptions = {}): Table {
  return parseCsvChunks([text], file, opts);
}

/** Streams a CSV file in 64 KiB chunks: memory holds the columns as numbers, never the file's text. */
export async function readCsv(file: string, opts: ReadOptions = {}): Promise<Table> {
  const reader = new CsvReader(file, opts);
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 16 });
  try {
    for await (const chunk of stream) reader.push(chunk as string);
  } catch (e) {
    if (e instanceof DataError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new DataError(code === 'ENOENT' ? `${file}: no such file` : `${file}: cannot read (${(e as Error).message})`);
  } finally {
    stream.destroy();
  }
  return reader.finish();
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

/** The DataError for a cell that should be a decimal number. */
export function notANumber(t: Table, j: number, row: number, text: string, hint = ''): DataError {
  const where = `${t.file}:${t.line[row]}: column "${t.header[j]}"`;
  if (text === '') return new DataError(`${where} is empty; expected a decimal number${hint}`);
  const range = DECIMAL.test(text) ? ' within ±3.4e38 (float32)' : '';
  return new DataError(`${where} is ${JSON.stringify(text)}; expected a decimal number${range}${hint}`);
}

/** The column's numbers, or a DataError at its first cell that is not a decimal number. */
export function numbersOf(t: Table, j: number, hint = ''): Float32Array {
  const c = t.columns[j]!;
  if (c.bad) throw notANumber(t, j, c.bad.row, c.bad.text, hint);
  return c.numbers;
}
