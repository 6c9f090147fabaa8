import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/** The header that names one answer of the service, as the classic services sent it (a UUID per response). */
export const REQUEST_ID_HEADER = 'x-ms-request-id';

/**
 * Writes a JSON answer of the data plane straight to the socket, with the headers every answer of the service
 * carries (nosniff, no-store, a request id). A caller that went away gets nothing written; an answer already
 * started is not written twice. Answers the body's size in bytes (0 when nothing was written), for usage.
 */
export function writeJsonAnswer(res: ServerResponse, status: number, body: string, headers?: Record<string, string>): number {
  if (res.headersSent || res.destroyed) return 0;
  const length = Buffer.byteLength(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': length,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    [REQUEST_ID_HEADER]: randomUUID(),
    ...headers,
  });
  res.end(body);
  return length;
}
