import { answeredTables, JobFailure, scoreBatch, type AnsweredTables, type BatchScoringDeps } from './batchScoring';
import type { BatchPace } from './batchPace';
import type { ScoreFailure } from '../runtime/scoreRequest';
import type { RowBatch, TableReader } from './tables/tableReader';
import type { TableFormat } from './tables/tableFormat';

/** An input being read: its reader, header and how each column's cells reach the driver. */
export interface OpenInput {
  name: string;
  format: TableFormat;
  reader: TableReader;
  columns: string[];
  cells: ((text: string) => unknown)[];
}

/** The column a driver's message names (`.text`, `'text'`, `"text"`, `[text]`), among the input's columns. */
function namedColumn(message: string, columns: string[]): string | undefined {
  const escaped = (c: string) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return columns.find((c) => new RegExp(`(?:\\.${escaped(c)}\\b|'${escaped(c)}'|"${escaped(c)}"|\\[${escaped(c)}\\])`).test(message));
}

/** The RRS body of rows [from, to) of every input's batch. */
function rrsBody(inputs: OpenInput[], batches: (RowBatch | undefined)[], from: number, to: number, globals: Record<string, unknown>): string {
  const tables: Record<string, { ColumnNames: string[]; Values: unknown[][] }> = {};
  inputs.forEach((input, i) => {
    const rows = batches[i]?.rows.slice(from, to) ?? [];
    tables[input.name] = { ColumnNames: input.columns, Values: rows.map((row) => row.map((cell, j) => input.cells[j]!(cell))) };
  });
  return JSON.stringify({ Inputs: tables, GlobalParameters: globals });
}

/**
 * Scores one batch, as the answers of the calls it took in row order, telling `pace` how long it took. A batch that
 * runs past the service's time limit is halved and its halves scored (and later batches kept as small), down to one
 * row; on any other failure
 * the batch is halved until one row is left that fails on its own, and Details name it, its column and the message.
 */
export async function scoreRows(
  deps: BatchScoringDeps,
  endpointId: string,
  inputs: OpenInput[],
  batches: (RowBatch | undefined)[],
  globals: Record<string, unknown>,
  pace: BatchPace,
  signal: AbortSignal,
): Promise<AnsweredTables[]> {
  const score = async (from: number, to: number) => (await scoreBatch(deps, endpointId, rrsBody(inputs, batches, from, to, globals), signal)).result;
  const scoreRange = async (from: number, to: number): Promise<AnsweredTables[]> => {
    const { result, ms } = await scoreBatch(deps, endpointId, rrsBody(inputs, batches, from, to, globals), signal);
    if (result.ok) {
      pace.answered(to - from, ms);
      return [answeredTables(result.text)];
    }
    if (result.status === 504) {
      if (to - from === 1) throw new JobFailure(`Row ${describeRows(inputs, batches, from, to)} alone took longer than the service's time limit: ${result.message}`);
      pace.timedOut(to - from);
      const middle = from + Math.ceil((to - from) / 2);
      return [...(await scoreRange(from, middle)), ...(await scoreRange(middle, to))];
    }
    return failingRow(from, to, result);
  };
  const failingRow = async (start: number, end: number, found: ScoreFailure): Promise<never> => {
    let [from, to, failure] = [start, end, found];
    while (to - from > 1) {
      const middle = from + Math.ceil((to - from) / 2);
      const first = await score(from, middle);
      if (!first.ok) [to, failure] = [middle, first];
      else {
        const second = await score(middle, to);
        if (second.ok) break; // the rows fail only together: name the range
        [from, failure] = [middle, second];
      }
    }
    const input = inputs.find((_, i) => (batches[i]?.rows.length ?? 0) > from) ?? inputs[0]!;
    const column = namedColumn(failure.message, input.columns);
    const where = to - from === 1 ? `Row ${describeRows(inputs, batches, from, to)}` : `Rows ${describeRows(inputs, batches, from, to)}`;
    throw new JobFailure(`${where}${column ? `, column '${column}'` : ''}: the model failed (${failure.code}): ${failure.message}`);
  };
  return scoreRange(0, Math.max(...batches.map((b) => b?.rows.length ?? 0)));
}

/** "12 of input1" or "12-20 of input1" (rows counted from 1 after the header). */
function describeRows(inputs: OpenInput[], batches: (RowBatch | undefined)[], from: number, to: number): string {
  const i = Math.max(0, batches.findIndex((b) => (b?.rows.length ?? 0) > from));
  const first = (batches[i]?.first ?? 1) + from;
  const last = (batches[i]?.first ?? 1) + to - 1;
  return `${first === last ? first : `${first}-${last}`} of ${inputs[i]?.name ?? 'the input'}`;
}
