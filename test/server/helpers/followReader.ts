import * as http from 'node:http';

/** A streamed answer read as it comes: its text so far, whether it ended, and a way to hang up. */
export interface FollowReader {
  status: number;
  headers: Headers;
  text(): string;
  ended(): boolean;
  /** Waits until the text so far satisfies `until` (or the answer ends without it: then throws, with the text). */
  waitFor(until: (text: string) => boolean, timeoutMs?: number): Promise<string>;
  /** Waits for the server to end the answer. */
  waitForEnd(timeoutMs?: number): Promise<string>;
  /** The client goes away (the connection is closed). */
  hangUp(): void;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * GETs a URL with node:http and reads the answer as it comes. (Not fetch: after an aborted fetch, undici opens
 * a new connection to the server that the server's close then waits on, until its headers timeout.)
 */
export async function follow(url: string, headers: Record<string, string>): Promise<FollowReader> {
  let text = '';
  let ended = false;
  const { request, response } = await new Promise<{ request: http.ClientRequest; response: http.IncomingMessage }>((resolve, reject) => {
    const request = http.get(url, { headers, agent: false }, (response) => resolve({ request, response }));
    request.once('error', reject);
  });
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => (text += chunk));
  response.once('close', () => (ended = true));
  request.on('error', () => (ended = true));
  const waitFor = async (until: (text: string) => boolean, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!until(text)) {
      if (ended) throw new Error(`the answer ended without what was awaited:\n${text}`);
      if (Date.now() > deadline) throw new Error(`not there within ${timeoutMs} ms:\n${text}`);
      await sleep(20);
    }
    return text;
  };
  return {
    status: response.statusCode ?? 0,
    headers: new Headers(Object.entries(response.headers).flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)] as [string, string]]))),
    text: () => text,
    ended: () => ended,
    waitFor,
    async waitForEnd(timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!ended) {
        if (Date.now() > deadline) throw new Error(`still open after ${timeoutMs} ms:\n${text}`);
        await sleep(20);
      }
      return text;
    },
    hangUp: () => request.destroy(),
  };
}

/** Polls `read` until it answers `expected`. */
export async function eventually<T>(read: () => T, expected: T, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (read() !== expected) {
    if (Date.now() > deadline) throw new Error(`${what}: ${String(read())}, not ${String(expected)}, after ${timeoutMs} ms`);
    await sleep(20);
  }
}
