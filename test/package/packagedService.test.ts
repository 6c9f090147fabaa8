// The service from the .vsix, started the way the extension starts it: localServiceRuntime() and
// localServiceArguments() (src/extension/accounts/localRuntime.ts) as in desktop VS Code, that is this process's
// executable with ELECTRON_RUN_AS_NODE=1, and PATH emptied so nothing can be found by a PATH lookup. It must load
// its native modules from the unpacked extension (not this repository) and deploy and score the ONNX sample.
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { DEFAULT_ACCOUNT } from '../../src/api/accountRef';
import { ModelbayClient } from '../../src/api/client';
import { localServiceArguments, localServiceRuntime } from '../../src/extension/accounts/localRuntime';
import { VSIX_TARGETS } from '../../scripts/lib/vsixTargets';
import { buildImage, deployImage, sampleFile, score } from '../server/helpers/deploy';
import { openVsix, REPO } from './vsixFiles';

const here = VSIX_TARGETS.find((t) => t.os === process.platform && t.arch === process.arch);

describe('the packaged Local service, started as the extension starts it', function () {
  let root: string;
  let child: ChildProcessByStdio<null, Readable, Readable> | undefined;
  let stderr = '';

  before(function () {
    if (!here) this.skip(); // no .vsix is built for this machine's platform
    root = mkdtempSync(path.join(os.tmpdir(), 'modelbay-vsix-'));
    const vsix = openVsix(here);
    for (const entry of vsix.entries.filter((e) => e.name.startsWith('extension/') && !e.name.endsWith('/'))) {
      const file = path.join(root, ...entry.name.split('/'));
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, vsix.read(entry.name));
    }
  });

  after(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('runs on the runtime the extension picks (this executable, ELECTRON_RUN_AS_NODE=1) with PATH empty, loads its own native modules, deploys and scores the ONNX sample', async () => {
    const extension = path.join(root, 'extension');
    const dataDir = path.join(root, 'globalStorage', 'local-service');
    mkdirSync(dataDir, { recursive: true });
    // The extension host's environment, minus what only this test runner has (tsx's loader, a module path).
    const { NODE_OPTIONS: _options, NODE_PATH: _path, ...hostEnv } = process.env;
    const runtime = localServiceRuntime('', { execPath: process.execPath, electron: process.versions.electron ?? 'as in desktop VS Code', env: { ...hostEnv, PATH: '' } });
    assert.equal(runtime.command, process.execPath);
    assert.equal(runtime.env.ELECTRON_RUN_AS_NODE, '1');
    assert.equal(runtime.env.PATH, '');

    const started = spawn(runtime.command, localServiceArguments(path.join(extension, 'dist', 'server.js'), dataDir), {
      cwd: os.tmpdir(),
      env: { ...runtime.env, MODELBAY_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    started.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const url = await new Promise<string>((resolve, reject) => {
      let stdout = '';
      const timer = setTimeout(() => reject(new Error(`no "listening on" line within 30 s:\n${stderr}`)), 30_000);
      started.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        const match = /listening on (http:\/\/\S+)/.exec(stdout);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
      started.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the packaged service exited (${signal ?? code}) before listening:\n${stderr}`));
      });
    });

    const token = readFileSync(path.join(dataDir, 'admin-token'), 'utf8').trim();
    const account = new ModelbayClient({ baseUrl: url, getToken: () => token }).account(DEFAULT_ACCOUNT);
    const onnx = await sampleFile('onnx-classifier/iris-classifier.onnx');
    const image = await buildImage(account, 'iris', 'Onnx', {}, { model: { file: 'iris-classifier.onnx', content: onnx } });
    const { endpoint, keys } = await deployImage(account, image, 'iris');
    const expected = JSON.parse((await sampleFile('onnx-classifier/expected.json')).toString('utf8')) as { inputs: number[][]; probabilities: number[][]; label: number[] };
    const scored = await score(endpoint.scoringUri, keys.primaryKey, { data: expected.inputs });
    assert.equal(scored.status, 200, JSON.stringify(scored.body));
    assert.deepEqual(scored.body.label, expected.label);
    (scored.body.probabilities as number[][]).forEach((row, i) => {
      row.forEach((p, j) => assert.ok(Math.abs(p - expected.probabilities[i]![j]!) < 1e-4, `${JSON.stringify(row)} vs ${JSON.stringify(expected.probabilities[i])}`));
    });

    // Linux tells which files a process mapped: the native modules must be the .vsix's own.
    const maps = `/proc/${started.pid}/maps`;
    if (existsSync(maps)) {
      const mapped = [...new Set(readFileSync(maps, 'utf8').split('\n').map((line) => line.split(/\s+/).slice(5).join(' ')).filter((file) => /\.node$|\.so(\.\d+)*$/.test(file)))];
      const ours = mapped.filter((file) => file.startsWith(extension));
      assert.ok(ours.some((file) => file.endsWith(path.join(here!.libsqlPackage, 'index.node'))), `libsql's binary from the .vsix is not loaded:\n${mapped.join('\n')}`);
      assert.ok(ours.some((file) => file.endsWith('onnxruntime_binding.node')), `onnxruntime's binding from the .vsix is not loaded:\n${mapped.join('\n')}`);
      assert.deepEqual(mapped.filter((file) => file.startsWith(REPO)), [], 'nothing may be loaded from the repository');
    }
  });
});
