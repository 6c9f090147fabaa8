import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { delimiterOf, type TableFormat } from './tableFormat';

/** Rows read from an input, in the order of the file; `first` is the 1-based number of its first data row. */
export interface RowBatch {
  first: number;
  rows: string[][];
}

/** Largest single record accepted: a quote left open in a large file must fail, not fill memory. */
const MAX_RECORD_BYTES = 8 * 1024 * 1024;

/** A problem with the input's text (not with the model): a ragged row, a quote left open. */
export class TableReadError extends Error {}

/**
 * Streams a CSV/TSV table: the header row first, then the data rows in batches of at most `maxRows` rows or about
 * `maxChars` characters. Nothing but the current batch (and the parser's buffer) is held, so a file of any size
 * reads in flat memory; the source is paused while a batch is scored.
 */
export class TableReader {
  private readonly records: AsyncIterator<string[]>;
  private rowNumber = 0;
  private finished = false;

  constructor(
    private readonly source: Readable,
    format: TableFormat,
  ) {
    const parser = parse({
      delimiter: delimiterOf(format),
      bom: true,
      // RFC 4180 quotes (doubled inside) for CSV; TSV has no quoting, so a quote there is an ordinary character.
      quote: format === 'csv' ? '"' : false,
      // Any line end, even mixed in one file (csv-parse would otherwise keep to the first one it sees).
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: false,
      skip_empty_lines: true,
      max_record_size: MAX_RECORD_BYTES,
    });
    source.once('error', (error) => parser.destroy(error));
    this.records = (source.pipe(parser) as AsyncIterable<string[]>)[Symbol.asyncIterator]();
  }

  private async next(): Promise<string[] | undefined> {
    if (this.finished) return undefined;
    try {
      const step = await this.records.next();
      if (step.done) {
        this.finished = true;
        return undefined;
      }
      return step.value;
    } catch (error) {
      this.finished = true;
      throw new TableReadError((error as Error).message);
    }
  }

  /** Reads the header row; an empty input has none and is refused. */
  async readHeader(): Promise<string[]> {
    const header = await this.next();
    if (!header) throw new TableReadError('the input is empty: a header row with the column names is needed.');
    const seen = new Set<string>();
    for (const name of header) {
      if (seen.has(name)) throw new TableReadError(`the header names column '${name}' twice.`);
      seen.add(name);
    }
    return header;
  }

  /** The next batch, or undefined at the end of the input. */
  async readBatch(maxRows: number, maxChars: number): Promise<RowBatch | undefined> {
    const rows: string[][] = [];
    let chars = 0;
    const first = this.rowNumber + 1;
    while (rows.length < maxRows && chars < maxChars) {
      const row = await this.next();
      if (!row) break;
      this.rowNumber++;
      rows.push(row);
      for (const cell of row) chars += cell.length + 4;
    }
    return rows.length === 0 ? undefined : { first, rows };
  }

  /** Stops reading: the parser and the source (a file, or a download's connection) are let go. */
  close(): void {
    this.finished = true;
    void this.records.return?.();
    this.source.destroy();
  }
}
