import { stringify } from 'csv-stringify/sync';
import { delimiterOf, type TableFormat } from './tableFormat';

/** A cell as text: numbers and booleans as JSON writes them, null as an empty cell, objects as their JSON. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

/**
 * Turns an output's rows into CSV/TSV text, batch by batch: the header (the driver's column names, as its first
 * answer gave them) before the first rows, CRLF line ends, quotes only where RFC 4180 needs them. Later answers
 * are matched to those columns by name.
 */
export class TableWriter {
  private columns: string[] | undefined;

  constructor(private readonly format: TableFormat) {}

  /** The text of one answer's rows (with the header the first time). Throws when the answer names a new column. */
  text(columnNames: string[], values: unknown[][]): string {
    const firstTime = this.columns === undefined;
    const columns = (this.columns ??= columnNames);
    const order = columnNames === columns ? undefined : columns.map((c) => columnNames.indexOf(c));
    const unknown = columnNames.find((c) => !columns.includes(c));
    if (unknown !== undefined) throw new Error(`the model answered a column '${unknown}' its first answer did not have (${columns.join(', ')}).`);
    const records = values.map((row) => (order ? order.map((i) => (i < 0 ? '' : cellText(row[i]))) : row.map(cellText)));
    const header = firstTime ? this.lines([columns]) : '';
    return header + this.lines(records);
  }

  /** CSV through csv-stringify (RFC 4180 quoting); TSV has no quoting, so a tab or line break in a cell becomes a space. */
  private lines(records: string[][]): string {
    if (records.length === 0) return '';
    if (this.format === 'csv') return stringify(records, { delimiter: delimiterOf('csv'), record_delimiter: 'windows' });
    return records.map((r) => r.map((cell) => cell.replace(/[\t\r\n]/g, ' ')).join('\t')).join('\r\n') + '\r\n';
  }
}
