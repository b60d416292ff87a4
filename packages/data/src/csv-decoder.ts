import { assertKnownKeys, assertOneOf, ConfigError, DataError } from '@strata/core';
import Papa from 'papaparse';

/** A column type of a CSV source. */
export type CsvType = 'string' | 'number' | 'integer' | 'boolean';

/** A parsed CSV cell: typed by its column, `null` when missing. */
export type CsvValue = string | number | boolean | null;

/** A parsed CSV row, by column name. */
export type CsvRecord = Record<string, CsvValue>;

/** Options of the CSV readers. */
export interface CsvOptions {
  /** The first row names the columns (default true). */
  readonly header?: boolean;
  /** Column names; with `header` the header row is skipped and these are used instead. */
  readonly names?: readonly string[];
  /** Types by column name (default 'string'); a bad number in a typed column is an error naming the row. */
  readonly types?: Readonly<Record<string, CsvType>>;
  /** One field delimiter character (default ','). */
  readonly delimiter?: string;
  /** Field texts read as missing (`null`); default `['', 'NA', 'NaN', 'null']`. */
  readonly missing?: readonly string[];
  /** Skip invalid rows instead of throwing; each is reported to `onInvalid` and counted. */
  readonly skipInvalid?: boolean;
  /** Called with the labelled error of each skipped row (with `skipInvalid`). */
  readonly onInvalid?: (error: DataError) => void;
  /** The name in error messages (a file name). */
  readonly name?: string;
}

export const CSV_OPTIONS = [
  'header',
  'names',
  'types',
  'delimiter',
  'missing',
  'skipInvalid',
  'onInvalid',
  'name',
] as const;

/** The number of \n in text[from, to). */
function newlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

const TRUE = new Set(['true', 'True', 'TRUE', '1']);
const FALSE = new Set(['false', 'False', 'FALSE', '0']);

/**
 * Incremental CSV decoding: `push` text chunks, get the complete records. Records are cut at newlines
 * outside quoted fields (a small RFC 4180 state machine, carried across chunks), then each complete
 * piece is parsed by papaparse, so memory holds one chunk and one partial record, never the file.
 */
export class CsvDecoder {
  readonly invalid: DataError[] = [];
  readonly #label: string;
  readonly #options: CsvOptions;
  readonly #delimiter: string;
  readonly #missing: ReadonlySet<string>;
  #names: readonly string[] | undefined;
  #skipHeader: boolean;
  #pending = '';
  /** Scan state at the end of `#pending`: 0 field start, 1 unquoted, 2 quoted, 3 quote inside quoted. */
  #state = 0;
  /** Where the scan of `#pending` stopped. */
  #scanned = 0;
  #line = 1;
  #row = 0;
  #newline: '\n' | '\r\n' | undefined;
  #started = false;

  constructor(options: CsvOptions, label: string) {
    assertKnownKeys(options, CSV_OPTIONS, `${label}(options)`);
    const {
      header = true,
      names,
      types = {},
      delimiter = ',',
      missing = ['', 'NA', 'NaN', 'null'],
    } = options;
    if (
      typeof delimiter !== 'string' ||
      delimiter.length !== 1 ||
      delimiter === '"' ||
      delimiter === '\n' ||
      delimiter === '\r'
    ) {
      throw new ConfigError(
        `${label}({delimiter})`,
        `must be one character other than a quote or newline, got ${JSON.stringify(delimiter)}`,
      );
    }
    if (names !== undefined) {
      if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) {
        throw new ConfigError(`${label}({names})`, 'must be an array of column names');
      }
      this.#checkNames(names, `${label}({names})`);
    }
    if (!header && names === undefined) {
      throw new ConfigError(`${label}(options)`, 'without a header row, give the column names as { names }');
    }
    for (const [col, type] of Object.entries(types))
      assertOneOf(type, ['string', 'number', 'integer', 'boolean'], `${label}({types.${col}})`);
    this.#label = label;
    this.#options = options;
    this.#delimiter = delimiter;
    this.#missing = new Set(missing);
    this.#names = names;
    this.#skipHeader = header;
  }

  /** Record count so far (data rows, valid or not). */
  get rows(): number {
    return this.#row;
  }

  #checkNames(names: readonly string[], label: string): void {
    const seen = new Set<string>();
    for (const n of names) {
      if (seen.has(n))
        throw new DataError(
          label,
          `column ${JSON.stringify(n)} appears twice; give unique names with { names }`,
        );
      seen.add(n);
    }
  }

  /** Adds text; returns the records completed by it. */
  push(text: string): CsvRecord[] {
    // A byte-order mark (spreadsheet exports write one) is not part of the first column's name.
    this.#pending += this.#started || text.charCodeAt(0) !== 0xfeff ? text : text.slice(1);
    if (text !== '') this.#started = true;
    const d = this.#delimiter;
    let state = this.#state;
    let cut = -1;
    const s = this.#pending;
    if (this.#newline === undefined) {
      // The first line break decides the mode for the whole input, so every chunking agrees on it.
      const nl = s.indexOf('\n');
      if (nl === -1) return [];
      this.#newline = nl > 0 && s[nl - 1] === '\r' ? '\r\n' : '\n';
    }
    const crlf = this.#newline === '\r\n';
    // Fast path: new text without quotes, outside a quoted field, ends its last record at its last break.
    if (!crlf && state < 2 && s.indexOf('"', this.#scanned) === -1) {
      const last = s.lastIndexOf('\n');
      if (last >= this.#scanned) cut = last;
      if (s.length > this.#scanned) {
        const end = s[s.length - 1];
        state = end === '\n' || end === d ? 0 : 1;
      }
      this.#scanned = s.length;
    }
    for (let i = this.#scanned; i < s.length; i++) {
      let c = s[i];
      // In CRLF mode a lone \n is field data, as papaparse reads it.
      if (c === '\n' && crlf && s[i - 1] !== '\r') c = '';
      switch (state) {
        case 0:
          state = c === '"' ? 2 : c === d || c === '\n' ? 0 : 1;
          if (c === '\n') cut = i;
          break;
        case 1:
          if (c === d) state = 0;
          else if (c === '\n') {
            state = 0;
            cut = i;
          }
          break;
        case 2:
          if (c === '"') state = 3;
          break;
        default:
          state = c === '"' ? 2 : c === d || c === '\n' ? 0 : 1;
          if (c === '\n') cut = i;
      }
    }
    this.#state = state;
    this.#scanned = s.length;
    if (cut === -1) return [];
    const complete = s.slice(0, cut + 1);
    this.#pending = s.slice(cut + 1);
    this.#scanned = this.#pending.length;
    return this.#parse(complete);
  }

  /** Ends the input; returns the last records (an unterminated quote is an error). */
  end(): CsvRecord[] {
    const rest = this.#pending;
    this.#pending = '';
    this.#scanned = 0;
    return rest === '' ? [] : this.#parse(rest);
  }

  #fail(message: string, line: number): void {
    const error = new DataError(this.#label, `row ${this.#row} (line ${line}): ${message}`);
    if (!this.#options.skipInvalid) throw error;
    this.invalid.push(error);
    this.#options.onInvalid?.(error);
  }

  #parse(text: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let cursor = 0;
    Papa.parse<string[]>(text, {
      delimiter: this.#delimiter,
      newline: this.#newline ?? '\n',
      skipEmptyLines: true,
      step: (result) => {
        // The row starts after the previous cursor and any blank lines papaparse skipped.
        let start = cursor;
        while (text[start] === '\n' || text[start] === '\r') {
          if (text[start] === '\n') this.#line++;
          start++;
        }
        const line = this.#line;
        this.#line += newlines(text, start, result.meta.cursor);
        cursor = result.meta.cursor;
        const fields = result.data;
        if (this.#skipHeader) {
          this.#skipHeader = false;
          if (result.errors.length > 0)
            throw new DataError(this.#label, `header (line ${line}): ${result.errors[0]!.message}`);
          if (this.#names === undefined) {
            this.#checkNames(fields, `${this.#label}: header (line ${line})`);
            this.#names = fields;
          }
          return;
        }
        this.#row++;
        const record = this.#record(fields, result.errors, line);
        if (record !== undefined) out.push(record);
      },
    });
    // Blank lines after the last row.
    this.#line += newlines(text, cursor, text.length);
    return out;
  }

  #record(
    fields: readonly string[],
    errors: readonly Papa.ParseError[],
    line: number,
  ): CsvRecord | undefined {
    if (errors.length > 0) {
      this.#fail(`${errors[0]!.message.toLowerCase()} (papaparse ${errors[0]!.code})`, line);
      return undefined;
    }
    const names = this.#names!;
    if (fields.length !== names.length) {
      this.#fail(
        `${fields.length} field${fields.length === 1 ? '' : 's'}, expected ${names.length} (${names.join(', ')})`,
        line,
      );
      return undefined;
    }
    const types = this.#options.types ?? {};
    const record: CsvRecord = {};
    for (let j = 0; j < names.length; j++) {
      const name = names[j]!;
      const raw = fields[j]!;
      const type = types[name] ?? 'string';
      if (this.#missing.has(raw) || (type !== 'string' && raw.trim() === '')) {
        record[name] = null;
        continue;
      }
      if (type === 'string') {
        record[name] = raw;
      } else if (type === 'boolean') {
        const t = raw.trim();
        if (!TRUE.has(t) && !FALSE.has(t)) {
          this.#fail(
            `column ${JSON.stringify(name)}: ${JSON.stringify(raw)} is not a boolean (true/false/1/0)`,
            line,
          );
          return undefined;
        }
        record[name] = TRUE.has(t);
      } else {
        const x = Number(raw.trim());
        if (!Number.isFinite(x) || (type === 'integer' && !Number.isSafeInteger(x))) {
          this.#fail(
            `column ${JSON.stringify(name)}: ${JSON.stringify(raw)} is not ${type === 'integer' ? 'an integer' : 'a number'}`,
            line,
          );
          return undefined;
        }
        record[name] = x;
      }
    }
    return record;
  }
}
