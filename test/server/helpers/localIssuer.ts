import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

export const TENANT = '72f988bf-0000-4000-8000-000000000001';

export interface LocalIssuer {
  /** https://127.0.0.1:<port> (the authorityHost for @azure/identity) */
  authorityHost: string;
  /** https://127.0.0.1:<port>/<tenant>/v2.0: the `iss` of its tokens */
  issuer: string;
  /** The self-signed certificate (PEM file) clients must trust. */
  caFile: string;
  ca: string;
  clientId: string;
  clientSecret: string;
  /** Signs a token with this issuer's key (or `otherKey`), for the negative cases. */
  sign(claims: Record<string, unknown>, options?: { expiresIn?: string; useOtherKey?: boolean }): Promise<string>;
  close(): Promise<void>;
}

/**
 * A small AAD-shaped token issuer over HTTPS: openid-configuration, a JWKS and a client-credentials token
 * endpoint. Real credential code (@azure/identity's ClientSecretCredential) gets its tokens here.
 */
export async function startLocalIssuer(audience: string): Promise<LocalIssuer> {
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'modelbay-issuer-'));
  const keyFile = path.join(folder, 'key.pem');
  const caFile = path.join(folder, 'cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', caFile, '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
  ], { stdio: 'ignore' });
  const [key, ca] = await Promise.all([fs.readFile(keyFile, 'utf8'), fs.readFile(caFile, 'utf8')]);
  const signing = await generateKeyPair('RS256');
  const other = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(signing.publicKey)), kid: 'key-1', use: 'sig', alg: 'RS256' };
  const clientId = 'modelbay-test-client';
  const clientSecret = 'test-secret-value';

  let origin = '';
  const issuerOf = () => `${origin}/${TENANT}/v2.0`;
  const sign = async (claims: Record<string, unknown>, options: { expiresIn?: string; useOtherKey?: boolean } = {}) =>
    new SignJWT({ tid: TENANT, ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: 'key-1', typ: 'JWT' })
      .setIssuer(typeof claims.iss === "string" ? claims.iss : issuerOf())
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '1h')
      .sign(options.useOtherKey ? other.privateKey : signing.privateKey);

  const server = https.createServer({ key, cert: ca }, (request, response) => {
    const url = new URL(request.url ?? '/', origin);
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.method === 'GET' && url.pathname === `/${TENANT}/v2.0/.well-known/openid-configuration`) {
      return json(200, {
        issuer: issuerOf(),
        token_endpoint: `${origin}/${TENANT}/oauth2/v2.0/token`,
        authorization_endpoint: `${origin}/${TENANT}/oauth2/v2.0/authorize`,
        jwks_uri: `${origin}/${TENANT}/discovery/v2.0/keys`,
        response_types_supported: ['code', 'token'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
      });
    }
    if (request.method === 'GET' && url.pathname === `/${TENANT}/discovery/v2.0/keys`) return json(200, { keys: [jwk] });
    if (request.method === 'POST' && url.pathname === `/${TENANT}/oauth2/v2.0/token`) {
      let body = '';
      request.on('data', (c: Buffer) => (body += c.toString('utf8')));
      request.on('end', () => {
        const form = new URLSearchParams(body);
        if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret) {
          return json(401, { error: 'invalid_client', error_description: 'bad client credentials' });
        }
        const scope = form.get('scope') ?? '';
        const aud = scope.split(' ').find((s) => s.endsWith('/.default'))?.replace(/\/\.default$/, '') ?? audience;
        void sign({ aud, sub: 'service-principal-1', oid: 'service-principal-1', appid: clientId }).then((token) =>
          json(200, { token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600, access_token: token }),
        );
      });
      return;
    }
    json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    authorityHost: origin,
    get issuer() {
      return issuerOf();
    },
    caFile,
    ca,
    clientId,
    clientSecret,
    sign,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
