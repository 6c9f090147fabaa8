import type { JobStatus } from '../../../src/api/schemas';

/** A BES answer: status, the body parsed (or null when empty), its text. */
export interface BesAnswer<T = unknown> {
  status: number;
  body: T;
  text: string;
}

export interface ClassicError {
  error: { code: string; message: string; details: { code: string; message: string }[] };
}

/** Calls a jobs URL as a classic client does (Authorization: Bearer <endpoint key>, api-version=2.0). */
export async function bes<T = unknown>(method: string, url: string, key: string | undefined, body?: unknown, headers: Record<string, string> = {}): Promise<BesAnswer<T>> {
  const full = url.includes('api-version=') ? url : `${url}${url.includes('?') ? '&' : '?'}api-version=2.0`;
  const response = await fetch(full, {
    method,
    headers: {
      ...(key ? { Authorization: `Bearer ${key}` } : {}),
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T, text };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls a job until `until` holds (by default: it has ended), answering its last status. */
export async function pollJob(jobUrl: string, key: string, until: (s: JobStatus) => boolean = (s) => ['Finished', 'Failed', 'Cancelled'].includes(s.StatusCode), timeoutMs = 120_000): Promise<JobStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await bes<JobStatus>('GET', jobUrl, key);
    if (answer.status !== 200) throw new Error(`GET ${jobUrl} answered ${answer.status}: ${answer.text}`);
    if (until(answer.body)) return answer.body;
    if (Date.now() > deadline) throw new Error(`job still ${answer.body.StatusCode} after ${timeoutMs} ms: ${answer.text}`);
    await sleep(100);
  }
}

/** Submits and starts a job; answers its URL. */
export async function submitAndStart(jobsUrl: string, key: string, request: unknown): Promise<string> {
  const submitted = await bes<string>('POST', jobsUrl, key, request);
  if (submitted.status !== 200) throw new Error(`submit answered ${submitted.status}: ${submitted.text}`);
  const jobUrl = `${jobsUrl}/${submitted.body}`;
  const started = await bes('POST', `${jobUrl}/start`, key);
  if (started.status !== 200) throw new Error(`start answered ${started.status}: ${started.text}`);
  return jobUrl;
}

/** GETs a URL with no credential but what it carries (a Results link). */
export async function download(url: string): Promise<{ status: number; text: string }> {
  const response = await fetch(url);
  return { status: response.status, text: await response.text() };
}
