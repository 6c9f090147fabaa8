import type { IncomingHttpHeaders } from 'node:http';
import { matchesKeyBytes } from '../services/endpointKeys';
import type { ScoringEndpoint } from './endpointDirectory';
import type { GatewayStep } from './gatewayPipeline';
import type { Refusal } from './refusal';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

const SUBSCRIPTION_KEY = 'ocp-apim-subscription-key';

/**
 * The endpoint key a data-plane call presents: `Authorization: Bearer <key>`, `Ocp-Apim-Subscription-Key: <key>`
 * (as API Management's clients send it), or the `subscription-key` query parameter; headers first, in that order.
 */
export function presentedKey(headers: IncomingHttpHeaders, queryKey?: string): string | undefined {
  const header = headers.authorization;
  const bearer = header ? BEARER.exec(header)?.[1] : undefined;
  if (bearer) return bearer;
  const subscription = headers[SUBSCRIPTION_KEY];
  if (typeof subscription === 'string' && subscription.trim() !== '') return subscription.trim();
  return queryKey === '' ? undefined : queryKey;
}

/** The `subscription-key` of a parsed query (fastify's), when it is one string. */
export function queryKeyOf(query: unknown): string | undefined {
  const value = (query as Record<string, unknown> | undefined)?.['subscription-key'];
  return typeof value === 'string' ? value : undefined;
}

/** Refuses a data-plane call without one of the endpoint's keys (RRS, raw scoring and BES alike). */
export function keyRefusal(headers: IncomingHttpHeaders, found: ScoringEndpoint, queryKey?: string): Refusal | undefined {
  const key = presentedKey(headers, queryKey);
  if (!key) return { status: 401, code: 'MissingKeys', message: 'Send the endpoint key as "Authorization: Bearer <key>", as "Ocp-Apim-Subscription-Key: <key>" or as the subscription-key query parameter.' };
  if (!matchesKeyBytes(key, found.keyBytes)) return { status: 401, code: 'ScoreRequestUnauthorized', message: `The key is not valid for endpoint '${found.endpoint.name}'.` };
  return undefined;
}

/** The key check as the gateway's first step: nothing is taken, so nothing is given back. */
export const endpointKeyStep: GatewayStep = { enter: ({ headers, found, queryKey }) => keyRefusal(headers, found, queryKey) };
