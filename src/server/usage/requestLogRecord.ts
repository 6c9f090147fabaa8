import type { RequestLogRecord } from '../../api/schemas/requestLog';
import { presentedKey } from '../gateway/endpointKey';
import { classicErrorBody } from '../gateway/refusal';
import type { NewRequestLog } from '../store/repositories';
import type { CallTrace } from './callTrace';

/** How much of each body a sampled record keeps (bytes of UTF-8). */
export const SAMPLE_LIMIT_BYTES = 8 * 1024;

const HIDDEN = '***';

/**
 * Secrets a body can carry besides an endpoint key: a storage account key or a SAS signature in a batch job's
 * connection strings and output links. Replaced before a body is kept.
 */
const STORAGE_SECRETS = /(AccountKey=|SharedAccessSignature=|[?&]sig=)[^;&"\s\\]*/gi;

function replaceAll(text: string, secret: string): string {
  return secret.length >= 8 && text.includes(secret) ? text.split(secret).join(HIDDEN) : text;
}

/** A body as a record keeps it: keys and storage secrets replaced, cut at the sample limit. */
function sample(text: string | undefined, secrets: readonly string[]): { text: string | undefined; cut: boolean } {
  if (text === undefined || text === '') return { text: undefined, cut: false };
  let kept = text.replace(STORAGE_SECRETS, `$1${HIDDEN}`);
  for (const secret of secrets) kept = replaceAll(kept, secret);
  if (Buffer.byteLength(kept) <= SAMPLE_LIMIT_BYTES) return { text: kept, cut: false };
  // Cut on a byte boundary; a character the cut split in two is dropped, not kept as U+FFFD.
  return { text: Buffer.from(kept, 'utf8').subarray(0, SAMPLE_LIMIT_BYTES).toString('utf8').replace(/\uFFFD$/, ''), cut: true };
}

/**
 * The request log record of a finished call. Never a key: the path is kept without its query (where the
 * `subscription-key` parameter is), no header is kept, and a sampled body has the endpoint's keys, the key the
 * caller presented and storage secrets replaced. Error messages leave through hidePaths, as the caller got them.
 */
export function requestLogRecord(trace: CallTrace, status: number, durationMs: number, hidePaths: (text: string) => string): NewRequestLog {
  const queryAt = trace.url.indexOf('?');
  const record: Omit<RequestLogRecord, 'id'> = {
    time: new Date(Date.now() - durationMs).toISOString(),
    endpointName: trace.found.endpoint.name,
    kind: trace.kind,
    method: trace.method,
    path: queryAt === -1 ? trace.url : trace.url.slice(0, queryAt),
    status,
    durationMs: Math.round(durationMs * 1000) / 1000,
    requestBytes: trace.bytesIn,
    responseBytes: trace.bytesOut,
  };
  if (trace.modelMs >= 0) record.modelMs = Math.round(trace.modelMs * 1000) / 1000;
  const { error } = trace;
  if (error && (status < 200 || status > 299)) record.error = { code: error.code, message: hidePaths(error.message) };
  if (trace.sampled) {
    const presented = presentedKey(trace.headers, trace.queryKey);
    const secrets = trace.found.keyBytes.map((key) => key.toString('utf8'));
    if (presented !== undefined) secrets.push(presented);
    const request = sample(trace.requestBody, secrets);
    const response = sample(trace.responseBody ?? (error ? classicErrorBody(error, hidePaths) : undefined), secrets);
    if (request.text !== undefined) record.requestBody = request.text;
    if (response.text !== undefined) record.responseBody = response.text;
    if (request.cut || response.cut) record.truncated = true;
  }
  return { endpointId: trace.found.endpoint.id, record };
}
