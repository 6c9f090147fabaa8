// Where the real VS Code used by tests and by `npm start` lives: code-server from npm, installed by
// scripts/setup-vscode.mjs into <repo>/.tools/code-server, driven by Debian's Chromium.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The folder holding code-server's own package.json and node_modules (never the extension's dependencies). */
export const codeServerToolDir = join(repoRoot, '.tools', 'code-server');

export const codeServerPackageDir = join(codeServerToolDir, 'node_modules', 'code-server');

/** Written last by the setup script, so a half-finished install is never taken for a good one. */
export const codeServerInstalledMarker = join(codeServerToolDir, `.installed-${CODE_SERVER_VERSION}`);

export const chromiumExecutable = '/usr/bin/chromium';

/** The script named by code-server's package.json `bin` (run it with `node`). */
export function codeServerEntry() {
  const manifestPath = join(codeServerPackageDir, 'package.json');
  if (!existsSync(manifestPath)) {
    throw new Error(`code-server is not installed at ${codeServerPackageDir}; run: node scripts/setup-vscode.mjs`);
  }
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.['code-server'];
  if (typeof bin !== 'string') {
    throw new Error(`code-server's package.json at ${manifestPath} names no bin`);
  }
  return join(codeServerPackageDir, bin);
}

/** The installed code-server version, or undefined when there is none. */
export function installedCodeServerVersion() {
  try {
    return JSON.parse(readFileSync(join(codeServerPackageDir, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}
