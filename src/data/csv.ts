// nn.data.csv: tfjs-data's CSVDataset (header, columnNames, columnConfigs with isLabel/dtype/required/
// default, configuredColumnsOnly, delimiter), streamed line by line; bad rows are ValueErrors naming
// the source, the 1-based line and the column.
import { ConfigError, ValueError, preview } from '../errors.js';
import { Dataset } from './dataset.js';
import { isCsvText, lines } from './lines.js';

export interface ColumnConfig {
  required?: boolean;
  default?: number | string | boolean;
  isLabel?: boolean;
  dtype?: 'float32' | 'int32' | 'bool' | 'string';
}
export interface CSVConfig {
  hasHeader?: boolean;
  columnNames?: string[];
  columnConfigs?: Record<string, ColumnConfig>;
  configuredColumnsOnly?: boolean;
  delimiter?: string;
}

/** Splits one line as tfjs's parseRow: quoted fields keep their inner text (a "" pair stays ""). */
export function parseRow(line: string, delimiter: string): string[] {
  // Most lines have no quotes: the engine's split is several times faster than the loop below.
  if (line.indexOf('"') < 0) return line.split(delimiter);
  const out: string[] = [];
  let field = '', inQuote = false, quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (inQuote) {
      if (ch === '"') {
        if (line[i + 1] === '"') { field += '""'; i++; } else inQuote = false;
      } else field += ch;
    } else if (ch === delimiter) {
      out.push(field);
      field = '';
      quoted = false;
    } else if (ch === '"' && field === '' && !quoted) {
      inQuote = quoted = true;
    } else field += ch;
  }
  out.push(field);
  return out;
}

/**
 * The rows of a CSV source as objects ({xs, ys} when a column is a label); made by nn.data.csv.
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const rows = await nn.data.csv('a,b\n1,2\n').toArray();
 * console.log(rows.length); // 1
 * ```
 */
export class CSVDataset extends Dataset<Record<string, unknown>> {
  private names: string[] | null = null;
  private readonly where: string;
  constructor(private readonly src: string, private readonly config: CSVConfig = {}) {
    super(async () => this.rows());
    this.where = isCsvText(src) ? 'nn.data.csv (text)' : `nn.data.csv ${src}`;
    const d = config.delimiter ?? ',';
    if (typeof d !== 'string' || d.length !== 1) throw new ConfigError(`${this.where}: delimiter must be one character, got ${preview(d)}`);
  }

  /**
   * The column names (all, or the configured ones with configuredColumnsOnly), as tfjs.
   * @example
   * ```ts
   * import * as nn from 'simdnn';
   * console.log(await nn.data.csv('a,b\n1,2\n').columnNames()); // ['a', 'b']
   * ```
   */
  async columnNames(): Promise<string[]> {
    const names = await this.fullNames();
    return this.config.configuredColumnsOnly ? Object.keys(this.config.columnConfigs ?? {}) : names;
  }

  private async fullNames(): Promise<string[]> {
    if (this.names) return this.names;
    const { hasHeader = true, columnNames, columnConfigs } = this.config;
    let header: string[] | null = null;
    if (hasHeader) {
      const r = await lines(this.src).next();
      if (r.done) throw new ValueError(`${this.where}: no data (expected a header line)`);
      header = parseRow(r.value, this.config.delimiter ?? ',');
    }
    const names = columnNames ?? header;
    if (!names) throw new ConfigError(`${this.where}: column names must be given (columnNames) when hasHeader is false`);
    if (header && columnNames && header.length !== columnNames.length) {
      throw new ConfigError(`${this.where}: columnNames has ${columnNames.length} names but the header line has ${header.length} columns`);
    }
    const dup = names.filter((n, i) => names.indexOf(n) !== i);
    if (dup.length) throw new ConfigError(`${this.where}: duplicate column names: ${dup.join(', ')}`);
    for (const key of Object.keys(columnConfigs ?? {})) {
      if (!names.includes(key)) throw new ConfigError(`${this.where}: columnConfigs names column "${key}", which is not among the columns (${names.join(', ')})`);
    }
    return (this.names = names);
  }

  private async rows() {
    const names = await this.fullNames();
    const { hasHeader = true, columnConfigs = {}, configuredColumnsOnly = false } = this.config;
    const delimiter = this.config.delimiter ?? ',', where = this.where;
    // Per column once, not per row: its config, and whether it is read at all.
    const configs = names.map((key) => (Object.hasOwn(columnConfigs, key) ? columnConfigs[key] : undefined));
    const read = configs.map((c) => !configuredColumnsOnly || c !== undefined);
    const hasLabel = configs.some((c, i) => read[i] && c?.isLabel);
    const it = lines(this.src);
    let lineNo = 0;
    if (hasHeader) { await it.next(); lineNo = 1; }
    const element = (values: string[], line: number) => {
      if (values.length !== names.length) {
        throw new ValueError(`${where}: line ${line} has ${values.length} columns, expected ${names.length} (${names.join(', ')})`);
      }
      const xs: Record<string, unknown> = {}, ys: Record<string, unknown> = {};
      for (let i = 0; i < names.length; i++) {
        if (!read[i]) continue;
        const c = configs[i];
        (c?.isLabel ? ys : xs)[names[i]!] = cellValue(values[i]!, c, names[i]!, line, where);
      }
      return hasLabel ? { xs, ys } : xs;
    };
    return {
      async next(): Promise<IteratorResult<Record<string, unknown>>> {
        const r = await it.next();
        if (r.done) return { done: true, value: undefined };
        return { done: false, value: element(parseRow(r.value, delimiter), ++lineNo) };
      },
    };
  }
}

/** One cell as tfjs-data reads it: a number, a string (dtype 'string', or not a number), 0/1 for bool, a default or undefined when empty. */
function cellValue(v: string, c: ColumnConfig | undefined, key: string, line: number, where: string): unknown {
  if (v === '') {
    if (c?.default !== undefined) return c.default;
    if (c?.required || c?.isLabel) throw new ValueError(`${where}: line ${line}, column "${key}" is empty but required`);
    return undefined;
  }
  if (c?.dtype === 'bool') return v === '1' || v.toLowerCase() === 'true' ? 1 : 0;
  if (c?.dtype === 'string') return v;
  const num = Number(v);
  if (Number.isNaN(num)) {
    // tfjs yields the string; a column declared numeric cannot hold one.
    if (c?.dtype === 'float32' || c?.dtype === 'int32') throw new ValueError(`${where}: line ${line}, column "${key}": expected a ${c.dtype} number, got ${preview(v)}`);
    return v;
  }
  return c?.dtype === 'int32' ? Math.floor(num) : num;
}

/**
 * A CSV dataset: a path or file:// URL (Node, streamed), an http(s) URL (fetch) or CSV text, as tf.data.csv.
 * @example
 * ```ts
 * import * as nn from 'simdnn';
 * const ds = nn.data.csv('a,b,y\n1,2,0\n3,4,1\n', { columnConfigs: { y: { isLabel: true } } });
 * console.log(await ds.columnNames()); // ['a', 'b', 'y']
 * ```
 */
export function csv(source: string, config: CSVConfig = {}): CSVDataset {
  if (typeof source !== 'string' && !((source as unknown) instanceof URL)) throw new ConfigError(`nn.data.csv: expected a path, URL or CSV text, got ${preview(source)}`);
  return new CSVDataset(String(source), config);
}
