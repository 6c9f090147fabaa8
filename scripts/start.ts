// `npm start`: a real VS Code (code-server) in the browser with Modelbay installed from its .vsix, a sample
// workspace holding the samples, and the Local account's service already running. Prints the URL to open.
// Everything lives in .modelbay-vscode/ (kept between runs: your models stay registered). Ctrl+C stops it all.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { localServiceArguments } from '../src/extension/accounts/localRuntime';
import { startCodeServer, type CodeServer } from '../test/integration/harness/codeServer';
import type { TempArea } from '../test/integration/harness/tempArea';

const repoRoot = join(__dirname, '..');
const home = join(repoRoot, '.modelbay-vscode');

/** The harness's folder layout, kept instead of removed: user data and the Local store survive restarts. */
function persistentArea(root: string): TempArea {
  mkdirSync(root, { recursive: true, mode: 0o700 });
  return {
    root,
    dir(name: string) {
      const path = join(root, name);
      mkdirSync(path, { recursive: true, mode: 0o700 });
      return path;
    },
    remove() {
      // kept on purpose
    },
  };
}

function step(label: string, command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`[start] ${label} failed`);
    process.exit(1);
  }
}

/** Starts the installed extension's own service on the data folder the extension uses, and waits for its URL. */
function startLocalService(extensionsDir: string, userDataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const installed = readdirSync(extensionsDir).find((d) => d.startsWith('modelbay.modelbay-'));
  if (!installed) throw new Error(`Modelbay is not installed in ${extensionsDir}`);
  const dataDir = join(userDataDir, 'User', 'globalStorage', 'modelbay.modelbay', 'local-service');
  mkdirSync(dataDir, { recursive: true });
  // The Local account's own command line (its drivers run unconfined unless its config.json says otherwise).
  const child = spawn(process.execPath, localServiceArguments(join(extensionsDir, installed, 'dist', 'server.js'), dataDir), {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, MODELBAY_LOG_LEVEL: process.env.MODELBAY_LOG_LEVEL ?? 'warn' },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve({ child, url: match[1]! });
    });
    child.once('exit', (code) => reject(new Error(`the Modelbay service exited (code ${code})`)));
  });
}

async function main(): Promise<void> {
  step('setting up VS Code', process.execPath, ['scripts/setup-vscode.mjs']);
  step('packaging the extension', 'npm', ['run', '--silent', 'package']);
  const area = persistentArea(home);
  const workspace = join(area.dir('workspace'), 'samples');
  if (!existsSync(workspace)) cpSync(join(repoRoot, 'samples'), workspace, { recursive: true });

  let codeServer: CodeServer | undefined;
  let service: ChildProcess | undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('\n[start] stopping...');
    service?.kill('SIGTERM');
    await codeServer?.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  codeServer = await startCodeServer({
    workspaceFolder: workspace,
    temp: area,
    vsixPath: join(repoRoot, 'modelbay.vsix'),
    settings: { 'git.openRepositoryInParentFolders': 'never' },
  });
  const local = await startLocalService(codeServer.extensionsDir, codeServer.userDataDir);
  service = local.child;
  service.once('exit', () => {
    if (!stopping) console.log('[start] the Local service stopped; Modelbay restarts it when you next use it.');
  });
  console.log(`[start] the Local Modelbay service runs at ${local.url} (admin token in its data folder)`);
  console.log(`\nModelbay is ready. Open this in your browser:\n\n  ${codeServer.url}?folder=${encodeURIComponent(workspace)}\n\nPress Ctrl+C to stop.`);
  await codeServer.process.exited;
  await stop(0);
}

main().catch((error: unknown) => {
  console.error(`[start] FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
