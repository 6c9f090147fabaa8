import type { IncomingMessage } from 'node:http';
import type { BodyDeadlines } from './bodyDeadlines';
import type { Refusal } from './refusal';

/** The body's text (undefined: the call had no body at all) and size, or why it was not read; `gone`: the caller left. */
export type BodyText = { ok: true; text: string | undefined; bytes: number } | { ok: false; refusal: Refusal } | { ok: false; gone: true };

const MIB = 1024 * 1024;

/** Bodies past the limit end the connection with the answer: the rest is not read, so it cannot tie the socket up. */
const tooLarge = (limit: number): Refusal => ({
  status: 413,
  code: 'PayloadTooLarge',
  message: `The request body is too large; this service takes up to ${limit >= MIB ? `${Math.floor(limit / MIB)} MiB` : `${limit} bytes`}.`,
  headers: { Connection: 'close' },
});

/** A body still coming at its deadline: the answer closes the connection, so what is left of it is never read. */
const tooSlow: Refusal = {
  status: 408,
  code: 'RequestTimeout',
  message: 'The request body did not arrive in time; send it at once after the headers.',
  headers: { Connection: 'close' },
};

const unsupportedType = (type: string | undefined): Refusal => ({
  status: 415,
  code: 'UnsupportedMediaType',
  message: `Content-Type '${type ?? ''}' is not accepted here; send application/json.`,
});

/**
 * Refuses a body that is not JSON before it is read (415): a body needs `Content-Type: application/json`
 * (parameters such as charset allowed); a call with neither a body nor a Content-Type is let through (no body).
 */
export function contentTypeRefusal(request: IncomingMessage): Refusal | undefined {
  const { headers } = request;
  const type = headers['content-type'];
  if (type === undefined) return hasBody(request) ? unsupportedType(type) : undefined;
  const semicolon = type.indexOf(';');
  const media = (semicolon === -1 ? type : type.slice(0, semicolon)).trim().toLowerCase();
  return media === 'application/json' ? undefined : unsupportedType(type);
}

function hasBody({ headers }: IncomingMessage): boolean {
  return headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0');
}

/**
 * Reads the body as UTF-8 text up to `limit` bytes, then calls `done` once: with the text, with 413 as soon as the
 * body is known to be too large (from Content-Length, or while it arrives), with 408 when it is still coming at its
 * deadline, or with `gone` when the caller went away before the end. A callback, not a promise: the usual call
 * costs no promise here.
 */
export function readBodyText(request: IncomingMessage, limit: number, deadlines: BodyDeadlines, done: (body: BodyText) => void): void {
  if (request.headers['content-type'] === undefined && !hasBody(request)) return done({ ok: true, text: undefined, bytes: 0 });
  const declared = Number(request.headers['content-length']);
  if (declared > limit) return done({ ok: false, refusal: tooLarge(limit) });
  const chunks: Buffer[] = [];
  let received = 0;
  let settled = false;
  const forget = deadlines.watch(() => {
    if (settled) return;
    settled = true;
    chunks.length = 0;
    done({ ok: false, refusal: tooSlow });
  });
  // The listeners stay until the request is collected: removing four listeners per call cost more than they do.
  // A caller who leaves mid-body makes the request emit 'error' (aborted); after the answer, nothing more arrives.
  request.on('data', (chunk: Buffer) => {
    if (settled) return;
    received += chunk.length;
    if (received <= limit) {
      chunks.push(chunk);
      return;
    }
    settled = true;
    forget();
    chunks.length = 0;
    done({ ok: false, refusal: tooLarge(limit) });
  });
  request.on('end', () => {
    if (settled) return;
    settled = true;
    forget();
    done({ ok: true, text: chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, received).toString('utf8'), bytes: received });
  });
  request.on('error', () => {
    if (settled) return;
    settled = true;
    forget();
    done({ ok: false, gone: true });
  });
}
