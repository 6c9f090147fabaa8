import { Server, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
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
/**
 * A node:http server that also closes, when it closes its idle connections, the ones that never sent a request.
 * Node counts such a connection as neither idle nor active, so `close()` waited on it with no end: a browser's
 * preconnected socket, or one a client opened and dropped, held the service's shutdown open (measured: SIGTERM with
 * one silent socket open had not exited after 100 s).
 */
class ClosingServer extends Server {
  private readonly unused = new Set<Socket>();

  constructor(handler: Handler) {
    super((request, response) => {
      this.unused.delete(request.socket);
      handler(request, response);
    });
    this.on('connection', (socket: Socket) => {
      this.unused.add(socket);
      socket.once('close', () => this.unused.delete(socket));
    });
  }

  override closeIdleConnections(): void {
    super.closeIdleConnections();
    for (const socket of this.unused) socket.destroy();
    this.unused.clear();
  }
}

export function dataPlaneServer(dataPlane: DataPlane) {
  return (fastifyHandler: Handler, options: Record<string, unknown>): Server => {
    const server = new ClosingServer((request, response) => {
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
