import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { ServiceContext } from '../context';
import { badRequest } from '../errors';
import type { ListOptions, ListResult } from '../store/repositories';
import { serviceOrigin } from './accountScope';

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** Query fields every list takes. */
export const PagingQuery = {
  count: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE })),
  $skipToken: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  'api-version': Type.String(),
};

/** Skip tokens are opaque to clients: a versioned cursor, base64url-encoded. */
export function encodeSkipToken(after: number): string {
  return Buffer.from(JSON.stringify({ v: 1, after }), 'utf8').toString('base64url');
}

export function decodeSkipToken(token: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { v?: unknown; after?: unknown };
    if (parsed.v === 1 && Number.isSafeInteger(parsed.after) && (parsed.after as number) > 0) return parsed.after as number;
  } catch {
    // fall through to the 400 below
  }
  throw badRequest('InvalidSkipToken', 'query/$skipToken is not a token this service issued; start again without it.');
}

export function listOptions(query: { count?: number; $skipToken?: string }): ListOptions {
  return {
    count: query.count ?? DEFAULT_PAGE_SIZE,
    after: query.$skipToken === undefined ? undefined : decodeSkipToken(query.$skipToken),
  };
}

/** `{value, nextLink}` with nextLink the absolute URL of the next page (same filters), absent on the last page. */
export function pageOf<T>(context: ServiceContext, request: FastifyRequest, result: ListResult<T>): { value: T[]; nextLink?: string } {
  if (result.next === undefined) return { value: result.items };
  const url = new URL(request.url, serviceOrigin(context, request));
  url.searchParams.set('$skipToken', encodeSkipToken(result.next));
  return { value: result.items, nextLink: url.toString() };
}
