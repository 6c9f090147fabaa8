import type { JobSubmitRequest } from '../../api/schemas';
import { duplicateInput, inputsNotSpecified, invalidBlob } from './jobErrors';
import { blobLocation, type BlobLocation } from './storage/blobLocation';
import { formatOfName, type TableFormat } from './tables/tableFormat';

export interface PlannedInput {
  /** The RRS input name the rows reach the driver under (`input1` for a single `Input`). */
  name: string;
  where: string;
  location: Exclude<BlobLocation, { kind: 'chosen' }>;
}

export interface PlannedOutput {
  name: string;
  where: string;
  location: BlobLocation;
}

/** What a submit body asks for, checked: inputs, outputs (empty: every output the model answers), parameters. */
export interface JobPlan {
  inputs: PlannedInput[];
  outputs: PlannedOutput[];
  globalParameters: Record<string, unknown>;
}

const NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** Reads and checks a submit body (no connection is made); throws the classic BES errors. */
export function planJob(request: JobSubmitRequest, allowedPrefixes: readonly string[]): JobPlan {
  const single = request.Input ?? undefined;
  const several = request.Inputs ?? undefined;
  if (single && several && Object.keys(several).length > 0) throw duplicateInput();
  const named = single ? { input1: single } : several ?? {};
  if (Object.keys(named).length === 0) throw inputsNotSpecified();
  const inputs = Object.entries(named).map(([name, reference]): PlannedInput => {
    const where = single ? 'Input' : `Inputs.${name}`;
    if (!NAME.test(name)) throw invalidBlob(where, 'an input name is 1-64 letters, digits, "_", "." or "-".');
    const location = blobLocation(where, reference, 'input', allowedPrefixes);
    if (location.kind === 'chosen') throw inputsNotSpecified();
    if (location.kind === 'azure' && formatOfName(location.blob) === undefined) {
      throw invalidBlob(where, `'${location.blob}' is not a CSV or TSV file: name it .csv or .tsv.`);
    }
    return { name, where, location };
  });
  const outputs = Object.entries(request.Outputs ?? {}).map(([name, reference]): PlannedOutput => {
    const where = `Outputs.${name}`;
    if (!NAME.test(name)) throw invalidBlob(where, 'an output name is 1-64 letters, digits, "_", "." or "-".');
    return { name, where, location: blobLocation(where, reference, 'output', allowedPrefixes) };
  });
  return { inputs, outputs, globalParameters: request.GlobalParameters ?? {} };
}

/** An output's format: its blob's extension, else the first input's. */
export function outputFormat(location: BlobLocation, inputFormat: TableFormat): TableFormat {
  return location.kind === 'azure' ? formatOfName(location.blob) ?? inputFormat : inputFormat;
}

export const MIME_TYPES: Record<TableFormat, string> = { csv: 'text/csv; charset=utf-8', tsv: 'text/tab-separated-values; charset=utf-8' };
