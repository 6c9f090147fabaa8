import type { IncomingHttpHeaders } from 'node:http';
import { matchesKeyBytes } from '../services/endpointKeys';
import type { ScoringEndpoint } from './endpointDirectory';
import type { GatewayStep } from './gatewayPipeline';
import type { Refusal } from './refusal';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The endpoint key a data-plane call presents: `Authorization: Bearer <key>`. */
export function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const header = headers.authorization;
  return header ? BEARER.exec(header)?.[1] : undefined;
}

/** Refuses a data-plane call without one of the endpoint's keys (RRS, raw scoring and BES alike). */
export function keyRefusal(headers: IncomingHttpHeaders, found: ScoringEndpoint): Refusal | undefined {
  const key = presentedKey(headers);
  if (!key) return { status: 401, code: 'MissingKeys', message: 'Send the endpoint key as "Authorization: Bearer <key>".' };
  if (!matchesKeyBytes(key, found.keyBytes)) return { status: 401, code: 'ScoreRequestUnauthorized', message: `The key is not valid for endpoint '${found.endpoint.name}'.` };
  return undefined;
}

/** The key check as the gateway's first step: nothing is taken, so nothing is given back. */
export const endpointKeyStep: GatewayStep = { enter: ({ headers, found }) => keyRefusal(headers, found) };
