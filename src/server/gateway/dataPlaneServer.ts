import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { DataPlane } from './dataPlane';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

const numberOr = (value: unknown, fallback: number) => (typeof value === 'number' ? value : fallback);

/**
 * fastify's `serverFactory`: one node:http server whose requests go to the data plane's hot routes when they are
 * such calls, and to fastify's handler otherwise. A server fastify did not make gets none of its settings, so the
 * ones fastify would have applied are applied here from its options (keep-alive 72 s, no request timeout unless
 * configured). fastify still owns the server's life: listen, close (`return503OnClosing` for its routes; the data
 * plane refuses with its own 503 once closing), and `forceCloseConnections: 'idle'`, which closes idle sockets of
 * this server, data-plane ones included.
 */
export function dataPlaneServer(dataPlane: DataPlane) {
  return (fastifyHandler: Handler, options: Record<string, unknown>): Server => {
    const server = createServer((request, response) => {
      if (!dataPlane.handle(request, response)) fastifyHandler(request, response);
    });
    server.keepAliveTimeout = numberOr(options.keepAliveTimeout, 72_000);
    server.requestTimeout = numberOr(options.requestTimeout, 0);
    server.setTimeout(numberOr(options.connectionTimeout, 0));
    const perSocket = numberOr(options.maxRequestsPerSocket, 0);
    if (perSocket > 0) server.maxRequestsPerSocket = perSocket;
    return server;
  };
}
