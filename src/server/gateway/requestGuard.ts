import type { IncomingMessage } from 'node:http';
import type { Refusal } from './refusal';

/** The names a loopback address goes by in a Host or Origin: `localhost`, 127.0.0.0/8, ::1. */
function isLoopbackName(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return name === 'localhost' || name.endsWith('.localhost') || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name);
}

/** A Host header's name without its port (`[::1]:8080` is `[::1]`). */
function hostnameOf(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.indexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}

/** Checks each request before either plane sees it: answers why it is refused, or undefined to let it in. */
export type RequestGuard = (request: IncomingMessage) => Refusal | undefined;

/**
 * No route takes an encoded body (gzip, deflate, br): unpacking it would put a body of any size behind a small
 * Content-Length (a bomb), and reading it packed would fail on its bytes with a less helpful error.
 */
export function encodedBodyRefusal(request: IncomingMessage): Refusal | undefined {
  const encoding = request.headers['content-encoding'];
  if (encoding === undefined || encoding.trim().toLowerCase() === 'identity') return undefined;
  return {
    status: 415,
    code: 'UnsupportedMediaType',
    message: `Content-Encoding '${encoding}' is not accepted; send the body unencoded.`,
    headers: { Connection: 'close' },
  };
}

const notThisHost = (what: string): Refusal => ({
  status: 403,
  code: 'HostNotAllowed',
  message: `${what} is not a name of this service, which listens on a loopback address only; call it as localhost or 127.0.0.1.`,
  headers: { Connection: 'close' },
});

/**
 * DNS rebinding: a web page on evil.example whose name is made to resolve to 127.0.0.1 reaches a loopback service
 * from the user's browser with `Host: evil.example` (and its own Origin). A service that listens on a loopback
 * address only answers requests addressed to a loopback name (or to its configured public URL's host, for a proxy
 * on the same machine), and from no page of another origin; a request without an Origin (any program but a browser)
 * is judged by its Host alone. A service listening on other addresses (a team's) has no such guard: its names are
 * whatever the network calls it.
 */
export function requestGuard(listenHost: string, publicUrl: string | undefined): RequestGuard {
  const loopback = loopbackGuard(listenHost, publicUrl);
  return loopback ? (request) => encodedBodyRefusal(request) ?? loopback(request) : encodedBodyRefusal;
}

function loopbackGuard(listenHost: string, publicUrl: string | undefined): RequestGuard | undefined {
  if (!isLoopbackName(listenHost)) return undefined;
  const publicHost = publicUrl ? new URL(publicUrl).hostname.toLowerCase() : undefined;
  const allowed = (hostname: string) => isLoopbackName(hostname) || hostname.toLowerCase() === publicHost;
  return (request) => {
    const host = request.headers.host;
    if (host === undefined || !allowed(hostnameOf(host))) return notThisHost(`Host '${host ?? ''}'`);
    const origin = request.headers.origin;
    if (origin === undefined) return undefined;
    let originHost: string | undefined;
    try {
      originHost = new URL(origin).hostname;
    } catch {
      originHost = undefined;
    }
    return originHost !== undefined && allowed(originHost) ? undefined : notThisHost(`Origin '${origin}'`);
  };
}
