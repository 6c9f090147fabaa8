import type { JobOutputLocation, JobStatus, JobSubmitRequest, Page } from '../schemas';
import { readDataPlaneError } from './dataPlaneError';
import { ModelbayConnectionError } from './errors';
import { iterateItems } from './paging';

/** The batch (BES) routes take the classic data plane's version, not the management API's. */
export const BES_API_VERSION = '2.0';

/** Where the endpoint key comes from: the stored copy, and (optionally) the service's current one after a 401. */
export interface EndpointKeys {
  current(): string | Promise<string>;
  /** Reads the key again (it may have been regenerated); the call is repeated once when it changed. */
  refresh?(): Promise<string>;
}

export interface JobClientOptions {
  /** The endpoint's scoring URL (`{origin}/score/{endpointId}`); the jobs live at `{scoringUri}/jobs`. */
  scoringUri: string;
  keys: EndpointKeys;
  timeoutMs?: number;
}

export interface JobListQuery {
  count?: number;
}

/** The jobs address of an endpoint, from its scoring URL. */
export const jobsUrlOf = (scoringUri: string) => `${scoringUri.replace(/\/+$/, '')}/jobs`;

/** The URL that downloads a finished job's output: BaseLocation + RelativeLocation + SasBlobToken (a plain GET). */
export function outputUrl(location: Pick<JobOutputLocation, 'BaseLocation' | 'RelativeLocation' | 'SasBlobToken'>): string {
  return `${location.BaseLocation}${location.RelativeLocation}${location.SasBlobToken}`;
}

interface Answer {
  status: number;
  text: string;
}

/**
 * The batch execution service of one endpoint, as classic clients call it: submit (the job does not start), start,
 * status, delete (cancels a running job), and the endpoint's list of jobs. Authorised by the endpoint key as
 * `Authorization: Bearer <key>`; errors come in the data plane's `{"error": {code, message, details}}` and are thrown
 * as ModelbayApiError like the management API's.
 */
export class JobClient {
  readonly jobsUrl: string;

  constructor(private readonly options: JobClientOptions) {
    this.jobsUrl = jobsUrlOf(options.scoringUri);
  }

  /** Submits a job and answers its id; the job waits (NotStarted) until `start`. */
  async submit(request: JobSubmitRequest): Promise<string> {
    const id = await this.json<unknown>('POST', this.jobsUrl, JSON.stringify(request));
    if (typeof id !== 'string' || id === '') throw new ModelbayConnectionError(`POST ${this.jobsUrl} answered no job id`, this.jobsUrl);
    return id;
  }

  /** Starts a submitted job. The body is empty and has no Content-Type, as classic clients send it. */
  async start(jobId: string): Promise<void> {
    await this.call('POST', `${this.jobUrl(jobId)}/start`);
  }

  async submitAndStart(request: JobSubmitRequest): Promise<string> {
    const id = await this.submit(request);
    await this.start(id);
    return id;
  }

  get(jobId: string): Promise<JobStatus> {
    return this.json('GET', this.jobUrl(jobId));
  }

  /** Cancels the job if it runs, and deletes it (a finished one too). */
  async delete(jobId: string): Promise<void> {
    await this.call('DELETE', this.jobUrl(jobId));
  }

  /** The first page of the endpoint's jobs; later pages follow `nextLink` (`page`). */
  list(query: JobListQuery = {}): Promise<Page<JobStatus>> {
    const url = new URL(this.withVersion(this.jobsUrl));
    if (query.count !== undefined) url.searchParams.set('count', String(query.count));
    return this.json('GET', url.toString());
  }

  /** A later page, at the absolute nextLink the service handed out: only under this endpoint's jobs (the key goes with it). */
  page(nextLink: string): Promise<Page<JobStatus>> {
    if (!nextLink.startsWith(`${this.jobsUrl}?`) && !nextLink.startsWith(`${this.jobsUrl}/`)) {
      return Promise.reject(new ModelbayConnectionError(`refusing to follow ${nextLink}: it is not under ${this.jobsUrl}`, nextLink));
    }
    return this.json('GET', nextLink);
  }

  async *iterate(query: JobListQuery = {}): AsyncGenerator<JobStatus> {
    yield* iterateItems(await this.list(query), (next) => this.page(next));
  }

  private jobUrl(jobId: string): string {
    return `${this.jobsUrl}/${encodeURIComponent(jobId)}`;
  }

  private withVersion(url: string): string {
    return url.includes('api-version=') ? url : `${url}${url.includes('?') ? '&' : '?'}api-version=${BES_API_VERSION}`;
  }

  private async json<T>(method: string, url: string, body?: string): Promise<T> {
    const { text } = await this.call(method, url, body);
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ModelbayConnectionError(`${method} ${url} answered something that is not JSON`, url);
    }
  }

  /** One call with the stored key; after a 401 once more with the service's current key, when it changed. */
  private async call(method: string, url: string, body?: string): Promise<Answer> {
    const key = await this.options.keys.current();
    let answer = await this.send(method, url, key, body);
    if (answer.status === 401 && this.options.keys.refresh) {
      const fresh = await this.options.keys.refresh();
      if (fresh !== key) answer = await this.send(method, url, fresh, body);
    }
    if (answer.status >= 400) throw readDataPlaneError(answer.status, answer.text, method, url);
    return answer;
  }

  private async send(method: string, url: string, key: string, body: string | undefined): Promise<Answer> {
    const headers: Record<string, string> = { Authorization: `Bearer ${key}`, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const timeoutMs = this.options.timeoutMs ?? 60_000;
    const address = this.withVersion(url);
    try {
      const response = await fetch(address, { method, headers, body, signal: AbortSignal.timeout(timeoutMs) });
      return { status: response.status, text: await response.text() };
    } catch (error) {
      const cause = error instanceof Error ? (error.cause as { message?: string } | undefined)?.message ?? error.message : String(error);
      throw new ModelbayConnectionError(`${method} ${url} failed: ${cause}`, url, error);
    }
  }
}
