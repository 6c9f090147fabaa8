import type { BlobReference, JobSubmitRequest } from './schemas';

/**
 * Building a batch job's submit body from what a person types: global parameters as `name=value` lines (or one JSON
 * object), and blob references as a storage connection string with `container/blob`, or as a blob URL with its SAS
 * token. Shared by the Submit Batch Job form (checks as you type) and the extension (builds the body).
 */

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

const NAME = /^[A-Za-z_][\w.-]{0,127}$/;

/**
 * `name=value` per line (blank lines and lines starting with # are skipped; values stay strings, as the classic
 * service's were), or a JSON object whose values are passed as they are.
 */
export function parseGlobalParameters(text: string): Checked<Record<string, unknown>> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: {} };
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      return { ok: false, problem: `Not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, problem: 'A JSON object is needed: {"name": value}.' };
    return { ok: true, value: parsed as Record<string, unknown> };
  }
  const value: Record<string, unknown> = {};
  for (const [index, raw] of trimmed.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const equals = line.indexOf('=');
    if (equals < 0) return { ok: false, problem: `Line ${index + 1}: write name=value.` };
    const name = line.slice(0, equals).trim();
    if (!NAME.test(name)) return { ok: false, problem: `Line ${index + 1}: '${name}' is not a parameter name (letters, digits, _ . -).` };
    if (Object.hasOwn(value, name)) return { ok: false, problem: `Line ${index + 1}: ${name} is given twice.` };
    Object.defineProperty(value, name, { value: line.slice(equals + 1).trim(), enumerable: true, writable: true, configurable: true });
  }
  return { ok: true, value };
}

/** `https://acct.blob.core.windows.net/container/blob?sv=...` as the three parts BES takes. */
export function splitBlobUrl(text: string): Checked<Required<Pick<BlobReference, 'BaseLocation' | 'RelativeLocation' | 'SasBlobToken'>>> {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return { ok: false, problem: 'Paste the blob URL with its SAS token (https://<account>.blob.core.windows.net/<container>/<blob>?sv=...).' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, problem: 'A blob URL starts with https://.' };
  if (!url.search) return { ok: false, problem: 'The URL has no SAS token (the part from ?sv=...).' };
  // Azurite and other emulators put the storage account in the path: http://127.0.0.1:10000/devstoreaccount1/container/blob.
  const segments = url.pathname.split('/').filter(Boolean);
  const accountInPath = /^\d+\.\d+\.\d+\.\d+$|^localhost$/.test(url.hostname) ? 1 : 0;
  if (segments.length < accountInPath + 2) return { ok: false, problem: 'The URL names no blob: it needs /<container>/<blob>.' };
  const base = `${url.protocol}//${url.host}/${segments.slice(0, accountInPath).map((s) => `${s}/`).join('')}`;
  return { ok: true, value: { BaseLocation: base, RelativeLocation: segments.slice(accountInPath).join('/'), SasBlobToken: url.search } };
}

/** `container/blob` (a leading slash is allowed, as classic clients write it). */
export function checkRelativeLocation(text: string): string | undefined {
  const location = text.trim().replace(/^\/+/, '');
  if (!/^[^/]+\/.+/.test(location)) return 'Write it as container/blob, e.g. scoring/input.csv.';
  return undefined;
}

/** A storage connection string names at least its account and key (or a SAS), or is the emulator's shortcut. */
export function checkConnectionString(text: string): string | undefined {
  const value = text.trim();
  if (value === 'UseDevelopmentStorage=true') return undefined;
  const parts = new Map(value.split(';').filter(Boolean).map((p) => [p.slice(0, p.indexOf('=')).toLowerCase(), p.slice(p.indexOf('=') + 1)]));
  if ((parts.has('accountname') && parts.has('accountkey')) || parts.has('sharedaccesssignature')) return undefined;
  return 'A connection string looks like DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...';
}

/** Where the job reads its input and writes its outputs. */
export type JobLocations =
  /** An asset of the endpoint's account (an uploaded file); outputs go where the service chooses. */
  | { kind: 'asset'; assetId: string }
  | { kind: 'connectionString'; connectionString: string; input: string; output?: string }
  | { kind: 'sasUrl'; inputUrl: string; outputUrl?: string };

/** The submit body: one `Input`, an `output1` where one was named (else the service chooses), the global parameters. */
export function jobSubmitRequest(locations: JobLocations, globalParameters: Record<string, unknown>): Checked<JobSubmitRequest> {
  const body = (input: BlobReference, output?: BlobReference): Checked<JobSubmitRequest> => ({
    ok: true,
    value: output ? { Input: input, Outputs: { output1: output }, GlobalParameters: globalParameters } : { Input: input, GlobalParameters: globalParameters },
  });
  switch (locations.kind) {
    case 'asset':
      return body({ AssetId: locations.assetId });
    case 'connectionString': {
      const problem = checkConnectionString(locations.connectionString) ?? checkRelativeLocation(locations.input) ?? (locations.output ? checkRelativeLocation(locations.output) : undefined);
      if (problem) return { ok: false, problem };
      const reference = (location: string): BlobReference => ({ ConnectionString: locations.connectionString.trim(), RelativeLocation: location.trim() });
      return body(reference(locations.input), locations.output ? reference(locations.output) : undefined);
    }
    case 'sasUrl': {
      const input = splitBlobUrl(locations.inputUrl);
      if (!input.ok) return input;
      if (!locations.outputUrl) return body(input.value);
      const output = splitBlobUrl(locations.outputUrl);
      return output.ok ? body(input.value, output.value) : output;
    }
  }
}
