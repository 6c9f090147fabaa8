/** The text formats jobs read and write: CSV (RFC 4180) or TSV, both with a header row, UTF-8 with or without BOM. */
export type TableFormat = 'csv' | 'tsv';

/** The format a file name says (`.tsv`: TSV, `.csv`, `.txt` or no extension: CSV), or undefined for anything else. */
export function formatOfName(name: string): TableFormat | undefined {
  const base = name.slice(name.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  const extension = dot <= 0 ? '' : base.slice(dot + 1).toLowerCase();
  if (extension === 'tsv') return 'tsv';
  if (extension === 'csv' || extension === 'txt' || extension === '') return 'csv';
  return undefined;
}

export const delimiterOf = (format: TableFormat) => (format === 'tsv' ? '\t' : ',');
