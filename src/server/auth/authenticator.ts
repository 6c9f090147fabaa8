import { createHash, timingSafeEqual } from 'node:crypto';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { JwtSettings } from '../config';
import { unauthorized } from '../errors';

/**
 * Who called: the admin token, or a JWT's principal: its `oid` (else `sub`) and the groups its `groups` claim names
 * (role assignments name either).
 */
export type Principal = { kind: 'admin' } | { kind: 'jwt'; subject: string; tenant?: string; groups: readonly string[] };

/** The string entries of a `groups` claim (absent, or not an array: none). */
function groupsOf(claim: unknown): string[] {
  return Array.isArray(claim) ? claim.filter((g): g is string => typeof g === 'string' && g.length > 0) : [];
}

export type Authenticator = (authorization: string | undefined) => Promise<Principal>;

function sameSecret(a: string, b: string): boolean {
  // Hashing first gives equal lengths, so the comparison time says nothing about the token.
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/** Finds the JWKS address in the issuer's OpenID configuration (AAD style), once. */
function discoveredKeys(settings: JwtSettings): JWTVerifyGetKey {
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const load = async (): Promise<JWTVerifyGetKey> => {
    if (settings.jwksUri) return createRemoteJWKSet(new URL(settings.jwksUri));
    const issuer = settings.issuer.replace(/\/+$/, '');
    const response = await fetch(`${issuer}/.well-known/openid-configuration`);
    if (!response.ok) throw new Error(`openid-configuration answered ${response.status}`);
    const body = (await response.json()) as { jwks_uri?: unknown };
    if (typeof body.jwks_uri !== 'string') throw new Error('openid-configuration has no jwks_uri');
    return createRemoteJWKSet(new URL(body.jwks_uri));
  };
  return async (header, token) => {
    keys ??= load().catch((error: unknown) => {
      keys = undefined;
      throw error;
    });
    return (await keys)(header, token);
  };
}

/**
 * Management-plane authentication: `Authorization: Bearer <token>` holding the admin token, or a JWT signed by a
 * key of the configured issuer's JWKS with the right issuer and audience (what an AAD client library obtains).
 */
export function createAuthenticator(adminToken: string, jwt: JwtSettings | undefined): Authenticator {
  const keys = jwt ? discoveredKeys(jwt) : undefined;
  return async (authorization) => {
    if (!authorization) throw unauthorized('The request has no Authorization header; send "Authorization: Bearer <token>".');
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw unauthorized('The Authorization header must be "Bearer <token>".');
    const token = match[1]!;
    if (sameSecret(token, adminToken)) return { kind: 'admin' };
    if (!keys || !jwt || token.split('.').length !== 3) throw unauthorized('The bearer token is not valid for this service.');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: jwt.issuer,
        audience: jwt.audience,
        algorithms: ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384'],
        clockTolerance: 60,
      }));
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) {
        throw unauthorized(`The bearer token was refused: ${error.message}`);
      }
      throw unauthorized(`The token issuer's keys could not be read: ${(error as Error).message}`);
    }
    const subject = typeof payload.oid === 'string' && payload.oid ? payload.oid : payload.sub;
    if (!subject) throw unauthorized('The bearer token names no principal: it has neither an oid nor a sub claim.');
    return { kind: 'jwt', subject, tenant: payload.tid as string | undefined, groups: groupsOf(payload.groups) };
  };
}
