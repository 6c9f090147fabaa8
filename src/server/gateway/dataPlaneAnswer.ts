import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/** The header that names one answer of the service, as the classic services sent it (a UUID per response). */
export const REQUEST_ID_HEADER = 'x-ms-request-id';

/**
 * Writes a JSON answer of the data plane straight to the socket, with the headers every answer of the service
 * carries (nosniff, no-store, a request id). A caller that went away gets nothing written; an answer already
 * started is not written twice.
 */
export function writeJsonAnswer(res: ServerResponse, status: number, body: string, headers?: Record<string, string>): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    [REQUEST_ID_HEADER]: randomUUID(),
    ...headers,
  });
  res.end(body);
}
