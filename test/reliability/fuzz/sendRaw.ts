import * as http from 'node:http';

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/**
 * Sends one request exactly as given (any bytes as the body, any Content-Type) with node:http, which still reads
 * an answer the service sends before it has read the whole body (as it does for a body past the limit).
 */
export function sendRaw(origin: string, request: { method: string; target: string; headers?: Record<string, string>; body?: Buffer }, timeoutMs = 30_000): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(`${origin}${request.target}`, { method: request.method, headers: { ...request.headers, ...(request.body ? { 'Content-Length': String(request.body.length) } : {}) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      // The service answered and closed before taking the whole body: the answer is what counts.
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    outgoing.setTimeout(timeoutMs, () => outgoing.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    outgoing.end(request.body);
  });
}
