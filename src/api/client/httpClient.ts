import axios, { AxiosError, type AxiosInstance, type AxiosRequestConfig, type AxiosResponse } from 'axios';
import { API_VERSION } from '../apiVersion';
import { errorResponseOf, ModelbayApiError, ModelbayConnectionError } from './errors';

/** Where the bearer token comes from: the admin token, an @azure/identity credential, a pasted token... */
export type TokenProvider = () => string | Promise<string>;

export interface HttpOptions {
  /** The service origin, e.g. http://127.0.0.1:5000 */
  baseUrl: string;
  getToken: TokenProvider;
  timeoutMs?: number;
  /** Told when a request did not reach the service at all (refused, reset, timed out), before it throws. */
  onUnreachable?: (error: ModelbayConnectionError) => void;
}

/** Runs one request with token and api-version added, turning every failure into a typed error. */
export class HttpClient {
  private readonly axios: AxiosInstance;

  constructor(private readonly options: HttpOptions) {
    this.axios = axios.create({
      baseURL: options.baseUrl.replace(/\/+$/, ''),
      timeout: options.timeoutMs ?? 60_000,
      maxBodyLength: Infinity,
      maxContentLength: Infinity,
      // Statuses are judged below, so an ErrorResponse body is read rather than thrown away.
      validateStatus: () => true,
    });
  }

  get baseUrl(): string {
    return this.options.baseUrl.replace(/\/+$/, '');
  }

  /** GETs an absolute URL the service handed out (nextLink, Operation-Location); tokens never leave the service. */
  async getAbsolute<T>(location: string): Promise<T> {
    if (!location.startsWith(`${this.baseUrl}/`)) {
      throw new ModelbayConnectionError(`refusing to follow ${location}: it is not under ${this.baseUrl}`, location);
    }
    return (await this.request<T>({ url: location.slice(this.baseUrl.length) })).data;
  }

  async request<T>(config: AxiosRequestConfig): Promise<{ data: T; status: number; headers: Record<string, string> }> {
    const token = await this.options.getToken();
    const method = (config.method ?? 'GET').toUpperCase();
    const url = config.url ?? '';
    const params = config.params as Record<string, unknown> | undefined;
    let response: AxiosResponse<unknown>;
    try {
      response = await this.axios.request<unknown>({
        ...config,
        params: url.includes('api-version=') ? params : { 'api-version': API_VERSION, ...params },
        headers: { ...config.headers, Authorization: `Bearer ${token}` },
      });
    } catch (error) {
      const reason = error instanceof AxiosError ? error.code ?? error.message : String(error);
      const unreachable = new ModelbayConnectionError(`${method} ${this.baseUrl}${url.startsWith('http') ? '' : url} failed: ${reason}`, url, error);
      this.options.onUnreachable?.(unreachable);
      throw unreachable;
    }
    const headers = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
    if (response.status >= 400) {
      let body: unknown = response.data;
      if (Buffer.isBuffer(body)) body = safeJson(body.toString('utf8'));
      else if (typeof body === 'string') body = safeJson(body);
      const error = errorResponseOf(body);
      if (error) throw new ModelbayApiError(response.status, error, method, url);
      throw new ModelbayConnectionError(`${method} ${url} answered ${response.status} without an ErrorResponse`, url);
    }
    return { data: response.data as T, status: response.status, headers };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
