import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { curlCommand, shellQuote } from '../../src/api/snippets/curl';
import { codeSnippets, type CodeSnippet } from '../../src/api/snippets';

const KEY = 'k3y-with-$ymbols\'"';

interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A scoring endpoint stand-in: records each call and answers 200 with a prediction, or 400 for {"fail": true}. */
async function recordingEndpoint(): Promise<{ base: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ method: request.method!, url: request.url!, headers: request.headers, body });
      const failing = body.includes('"fail"');
      response.writeHead(failing ? 400 : 200, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(failing ? { code: 'InputParseError', message: 'no', statusCode: 400 } : { label: [0], probabilities: [[0.9, 0.05, 0.05]] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The environment a user's shell would give: the key set, and no proxy that would swallow 127.0.0.1 calls. */
function childEnv(key: string | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!/_proxy$/i.test(name)) env[name] = value;
  if (key === undefined) delete env.MODELBAY_KEY;
  else env.MODELBAY_KEY = key;
  return env;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A body with everything that breaks naive quoting: quotes, apostrophes, $, backticks, backslashes, unicode. */
const trickyBody: unknown = JSON.parse(
  JSON.stringify({
    text: 'it\'s a "quote" \\ $HOME `date` %s {0}\nnext line é 🐍 \u2028 end',
    MODELBAY_BODY: 'MODELBAY_BODY',
    numbers: [1, -2.5, 1e21, 0, 123456789012],
    flags: [true, false, null],
    empty: { object: {}, list: [] },
    rows: [[5.1, 3.5, 1.4, 0.2], [6.2, 2.9, 4.3, 1.3]],
  }).replace('{', '{"__proto__": {"kept": "as data"}, '),
);

describe('code snippets and curl (run for real against a local endpoint)', function () {
  this.timeout(20_000);
  let endpoint: Awaited<ReturnType<typeof recordingEndpoint>>;
  let folder: string;

  before(async () => {
    endpoint = await recordingEndpoint();
    folder = mkdtempSync(path.join(tmpdir(), 'modelbay-snippets-'));
  });
  after(async () => {
    await endpoint.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const snippet = (id: CodeSnippet['id'], body: unknown, url = `${endpoint.base}/score/e1`) => {
    const found = codeSnippets({ url, body, title: 'iris/default' }).find((s) => s.id === id);
    assert.ok(found);
    return found;
  };
  const save = (name: string, code: string) => {
    const file = path.join(folder, name);
    writeFileSync(file, code);
    return file;
  };
  /** The one call the snippet made: a POST of exactly the body, with the key from MODELBAY_KEY. */
  const assertReceived = (body: unknown, url = '/score/e1') => {
    assert.equal(endpoint.received.length, 1, 'one call');
    const [call] = endpoint.received.splice(0);
    assert.equal(call!.method, 'POST');
    assert.equal(call!.url, url);
    assert.equal(call!.headers.authorization, `Bearer ${KEY}`);
    assert.match(String(call!.headers['content-type']), /^application\/json/);
    assert.deepEqual(JSON.parse(call!.body), body);
  };

  it('offers curl, Python, JavaScript and C#, each with its editor language', () => {
    const snippets = codeSnippets({ url: 'http://x/score/e1', body: {}, title: 'iris/default' });
    assert.deepEqual(snippets.map((s) => [s.id, s.language]), [['curl', 'shellscript'], ['python', 'python'], ['javascript', 'javascript'], ['csharp', 'csharp']]);
    for (const s of snippets) {
      assert.match(s.code, /MODELBAY_KEY/, `${s.id} reads the key from MODELBAY_KEY`);
      assert.match(s.code, /iris\/default/);
    }
  });

  it('Python snippet: python3 posts the body with the key', async () => {
    const result = await run('python3', [save('call.py', snippet('python', trickyBody).code)], childEnv(KEY));
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^200 OK/);
    assert.match(result.stdout, /"probabilities"/);
    assertReceived(trickyBody);
  });

  it('Python snippet: prints the service error and exits 1; refuses to run without MODELBAY_KEY', async () => {
    const file = save('fail.py', snippet('python', { fail: true }).code);
    const failed = await run('python3', [file], childEnv(KEY));
    assert.equal(failed.code, 1);
    assert.match(failed.stdout, /^400 Bad Request/);
    assert.match(failed.stdout, /InputParseError/);
    endpoint.received.splice(0);
    const noKey = await run('python3', [file], childEnv(undefined));
    assert.notEqual(noKey.code, 0);
    assert.match(noKey.stderr, /Set MODELBAY_KEY/);
    assert.equal(endpoint.received.length, 0);
  });

  it('JavaScript snippet: node posts the body with the key (a __proto__ key included)', async () => {
    const result = await run(process.execPath, [save('call.js', snippet('javascript', trickyBody).code)], childEnv(KEY));
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^200 OK/);
    assertReceived(trickyBody);
    const failed = await run(process.execPath, [save('fail.js', snippet('javascript', { fail: true }).code)], childEnv(KEY));
    assert.equal(failed.code, 1);
    assert.match(failed.stdout, /InputParseError/);
    endpoint.received.splice(0);
  });

  it('curl snippet: bash runs it and curl posts the body verbatim', async () => {
    const result = await run('bash', [save('call.sh', snippet('curl', trickyBody).code)], childEnv(KEY));
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /"label"/);
    assertReceived(trickyBody);
    const noKey = await run('bash', [path.join(folder, 'call.sh')], childEnv(undefined));
    assert.notEqual(noKey.code, 0);
    assert.match(noKey.stderr, /set MODELBAY_KEY/);
  });

  it('Copy as curl: one line that bash runs as it is, the key only as $MODELBAY_KEY', async () => {
    const url = `${endpoint.base}/workspaces/w/services/e1/execute?api-version=2.0&details=true`;
    const line = curlCommand(url, trickyBody);
    assert.ok(!line.includes('\n'), 'one line');
    assert.match(line, /"Authorization: Bearer \$MODELBAY_KEY"/);
    const result = await run('bash', ['-c', line], childEnv(KEY));
    assert.equal(result.code, 0, result.stderr);
    assertReceived(trickyBody, '/workspaces/w/services/e1/execute?api-version=2.0&details=true');
    const inlined = curlCommand(url, { a: 1 }, { key: KEY });
    assert.ok(!inlined.includes('MODELBAY_KEY'));
    const withKey = await run('bash', ['-c', inlined], childEnv(undefined));
    assert.equal(withKey.code, 0, withKey.stderr);
    assertReceived({ a: 1 }, '/workspaces/w/services/e1/execute?api-version=2.0&details=true');
  });

  it('quotes for POSIX shells', () => {
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
    assert.equal(shellQuote('$HOME'), `'$HOME'`);
  });

  it('C# snippet: a top-level program whose verbatim string is exactly the body', () => {
    const { code } = snippet('csharp', trickyBody, 'http://127.0.0.1:5000/score/e1');
    assert.match(code, /Environment\.GetEnvironmentVariable\("MODELBAY_KEY"\)/);
    assert.match(code, /new AuthenticationHeaderValue\("Bearer", key\)/);
    assert.match(code, /new StringContent\(body, Encoding\.UTF8, "application\/json"\)/);
    assert.match(code, /await client\.PostAsync\(url, content\)/);
    assert.match(code, /var url = "http:\/\/127\.0\.0\.1:5000\/score\/e1";/);
    const verbatim = /var body = @"((?:[^"]|"")*)";/.exec(code);
    assert.ok(verbatim, 'the body is one verbatim string');
    assert.deepEqual(JSON.parse(verbatim[1]!.replace(/""/g, '"')), trickyBody);
    const braces = (text: string, c: string) => text.split(c).length - 1;
    const outsideStrings = code.replace(/@"(?:[^"]|"")*"/g, '').replace(/\$?"(?:[^"\\]|\\.)*"/g, '');
    assert.equal(braces(outsideStrings, '{'), braces(outsideStrings, '}'), 'balanced braces outside strings');
  });
});
