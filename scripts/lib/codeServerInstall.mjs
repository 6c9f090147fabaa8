// Installs code-server with npm into its own folder (its own package.json), offline-capable as root.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './run.mjs';

/**
 * npm 11 warns about dependencies whose install scripts nobody reviewed. At the top level only these two have
 * one: code-server's postinstall (a nested `npm install` in lib/vscode that builds kerberos, node-pty and the
 * others, and fetches ripgrep from the cache we seed) and argon2 (built from source: its prebuilt download fails).
 */
const ALLOWED_INSTALL_SCRIPTS = ['code-server', 'argon2'];

/**
 * @param {{ toolDir: string, version: string, tmpDir: string, marker: string }} options
 */
export function installCodeServer({ toolDir, version, tmpDir, marker }) {
  mkdirSync(toolDir, { recursive: true });
  rmSync(marker, { force: true });
  const manifest = {
    name: 'modelbay-tools-code-server',
    private: true,
    description: 'A real VS Code (code-server) for Modelbay tests and `npm start`; installed by scripts/setup-vscode.mjs.',
    dependencies: { 'code-server': version },
    allowScripts: Object.fromEntries(ALLOWED_INSTALL_SCRIPTS.map((name) => [name, true])),
  };
  const manifestPath = join(toolDir, 'package.json');
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  if (!existsSync(manifestPath) || readFileSync(manifestPath, 'utf8') !== text) {
    writeFileSync(manifestPath, text);
  }
  const env = {
    ...process.env,
    TMPDIR: tmpDir,
    npm_config_unsafe_perm: 'true', // code-server's postinstall refuses to run as root otherwise
    npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp`, which must not prompt
    npm_config_nodedir: '/usr', // build native modules against the local Node headers, no header download
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: toolDir, env });
  writeFileSync(marker, `${new Date().toISOString()}\n`);
}
