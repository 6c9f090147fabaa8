import { Server, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { ApiError } from '../errors';
import type { DataPlane } from './dataPlane';
import { writeJsonAnswer } from './dataPlaneAnswer';
import type { RequestGuard } from './requestGuard';
import { classicErrorBody, writeRefusal } from './refusal';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

const numberOr = (value: unknown, fallback: number) => (typeof value === 'number' ? value : fallback);

/**
 * A connection must have sent a whole request head this soon after it opened or after its last answer (Node's
 * default is 60 s, checked every 30 s: 300 sockets trickling headers stayed open 60 to 86 s). Checked each second.
 */
export const HEADERS_TIMEOUT_MS = 10_000;
const CONNECTIONS_CHECK_MS = 1_000;

/**
 * fastify's `serverFactory`: one node:http server whose requests go to the data plane's hot routes when they are
 * such calls, and to fastify's handler otherwise. A server fastify did not make gets none of its settings, so the
 * ones fastify would have applied are applied here from its options (keep-alive 72 s, no request timeout unless
 * configured). fastify still owns the server's life: listen, close (`return503OnClosing` for its routes; the data
 * plane refuses with its own 503 once closing), and `forceCloseConnections: 'idle'`, which closes idle sockets of
 * this server, data-plane ones included.
 */
/**
 * A node:http server that also closes the connections that never sent a request: after HEADERS_TIMEOUT_MS (Node
 * times out a request head only once its first byte came, so 2,000 silent sockets stayed open for good), and when it
 * closes its idle connections (Node counts such a connection as neither idle nor active, so `close()` waited on it
 * with no end: a browser's preconnected socket, or one a client opened and dropped, held the service's shutdown
 * open; measured: SIGTERM with one silent socket open had not exited after 100 s).
 */
class ClosingServer extends Server {
  private readonly unused = new Set<Socket>();

  constructor(handler: Handler) {
    super({ headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: 0, connectionsCheckingInterval: CONNECTIONS_CHECK_MS }, (request, response) => {
      if (this.unused.delete(request.socket)) request.socket.setTimeout(0);
      handler(request, response);
    });
    this.on('connection', (socket: Socket) => {
      this.unused.add(socket);
      socket.setTimeout(HEADERS_TIMEOUT_MS, () => {
        if (this.unused.has(socket)) socket.destroy();
      });
      socket.once('close', () => this.unused.delete(socket));
    });
  }

  override closeIdleConnections(): void {
    super.closeIdleConnections();
    for (const socket of this.unused) socket.destroy();
    this.unused.clear();
  }
}

/** A request the guard refuses, answered in its plane's error shape (the management API's, or the classic one). */
function refuseGuarded(request: IncomingMessage, response: ServerResponse, refusal: NonNullable<ReturnType<RequestGuard>>): void {
  if (request.url?.startsWith('/api/')) {
    writeJsonAnswer(response, refusal.status, JSON.stringify(new ApiError(refusal.status, refusal.code, refusal.message).toResponse()), refusal.headers);
  } else {
    writeRefusal(response, { ...refusal, body: classicErrorBody(refusal, (text) => text) }, (text) => text);
  }
}

export function dataPlaneServer(dataPlane: DataPlane, guard: RequestGuard) {
  return (fastifyHandler: Handler, options: Record<string, unknown>): Server => {
    const server = new ClosingServer((request, response) => {
      const refused = guard(request);
      if (refused) refuseGuarded(request, response, refused);
      else if (!dataPlane.handle(request, response)) fastifyHandler(request, response);
    });
    server.keepAliveTimeout = numberOr(options.keepAliveTimeout, 72_000);
    server.requestTimeout = numberOr(options.requestTimeout, 0);
    server.setTimeout(numberOr(options.connectionTimeout, 0));
    const perSocket = numberOr(options.maxRequestsPerSocket, 0);
    if (perSocket > 0) server.maxRequestsPerSocket = perSocket;
    return server;
  };
}
