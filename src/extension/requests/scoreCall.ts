import { STATUS_CODES } from 'node:http';

/** Where the endpoint key comes from: the stored copy first, the service's current one after a 401. */
export interface KeySource {
  current(): Promise<string>;
  /** Reads the key from the service again (it may have been regenerated) and remembers it. */
  refresh(): Promise<string>;
}

export interface ScoreResponse {
  kind: 'response';
  status: number;
  statusText: string;
  /** Lower-case names, in the order the answer had them. */
  headers: [string, string][];
  bodyText: string;
  durationMs: number;
  /** The stored key was refused, so the call was repeated with the service's current key. */
  retriedWithNewKey: boolean;
}

export interface ScoreFailure {
  kind: 'failed';
  /** Why no answer came (connection refused, timeout...): never contains the key. */
  error: string;
  durationMs: number;
}

export type ScoreOutcome = ScoreResponse | ScoreFailure;

export interface ScoreCall {
  url: string;
  body: unknown;
  keys: KeySource;
  /** Past this the call is abandoned (the service's own scoring timeout normally answers first). */
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 120_000;

/** Why fetch threw, in words: undici hides the useful part ("connect ECONNREFUSED ...") in `cause`. */
function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${Math.round(timeoutMs / 1000)} s`;
  const cause = error instanceof Error ? (error.cause as { message?: string; code?: string } | undefined) : undefined;
  if (cause?.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}

async function post(url: string, bodyText: string, key: string, timeoutMs: number, retried: boolean): Promise<ScoreOutcome> {
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', Accept: 'application/json' },
      body: bodyText,
      signal: AbortSignal.timeout(timeoutMs),
    });
    // The time a user cares about ends when the whole answer is in, not at the status line.
    const text = await response.text();
    const durationMs = performance.now() - started;
    const headers: [string, string][] = [];
    response.headers.forEach((value, name) => headers.push([name, value]));
    const statusText = response.statusText || STATUS_CODES[response.status] || '';
    return { kind: 'response', status: response.status, statusText, headers, bodyText: text, durationMs, retriedWithNewKey: retried };
  } catch (error) {
    return { kind: 'failed', error: describeFetchError(error, timeoutMs), durationMs: performance.now() - started };
  }
}

/**
 * POSTs the body as JSON with the endpoint key. A 401 means the stored key may have been regenerated since it
 * was stored: the key is read from the service once more and, when it changed, the call is made again.
 */
export async function callEndpoint(call: ScoreCall): Promise<ScoreOutcome> {
  const timeoutMs = call.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const bodyText = JSON.stringify(call.body) ?? 'null';
  const key = await call.keys.current();
  const first = await post(call.url, bodyText, key, timeoutMs, false);
  if (first.kind !== 'response' || first.status !== 401) return first;
  const fresh = await call.keys.refresh();
  if (fresh === key) return first;
  return post(call.url, bodyText, fresh, timeoutMs, true);
}
