import * as assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { requestGuard } from '../../src/server/gateway/requestGuard';

const request = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('request guard (DNS rebinding, encoded bodies)', () => {
  it('a loopback service answers loopback names only, and no page of another origin', () => {
    const guard = requestGuard('127.0.0.1', undefined);
    for (const host of ['127.0.0.1:8080', 'localhost:8080', 'localhost', '[::1]:8080', '127.1.2.3', 'app.localhost:1']) assert.equal(guard(request({ host })), undefined, host);
    for (const host of ['evil.example', 'evil.example:8080', '10.0.0.1', '127.0.0.1.evil.example', '']) assert.equal(guard(request({ host }))?.code, 'HostNotAllowed', host);
    assert.equal(guard(request({}))?.status, 403, 'no Host at all');
    assert.equal(guard(request({ host: 'localhost', origin: 'http://evil.example' }))?.status, 403);
    assert.equal(guard(request({ host: 'localhost', origin: 'null' }))?.status, 403);
    assert.equal(guard(request({ host: 'localhost', origin: 'http://127.0.0.1:5000' })), undefined);
  });

  it('a loopback service behind a proxy on the same machine also answers its public name', () => {
    const guard = requestGuard('::1', 'https://models.example.com/');
    assert.equal(guard(request({ host: 'models.example.com', origin: 'https://models.example.com' })), undefined);
    assert.equal(guard(request({ host: 'other.example.com' }))?.status, 403);
  });

  it('a service listening on the network has no Host rule; no service takes an encoded body', () => {
    const team = requestGuard('0.0.0.0', undefined);
    assert.equal(team(request({ host: 'models.example.com', origin: 'https://portal.example.com' })), undefined);
    assert.equal(team(request({ host: 'x', 'content-encoding': 'gzip' }))?.status, 415);
    assert.equal(team(request({ host: 'x', 'content-encoding': 'identity' })), undefined);
    assert.equal(requestGuard('127.0.0.1', undefined)(request({ host: 'localhost', 'content-encoding': 'br' }))?.code, 'UnsupportedMediaType');
  });
});
