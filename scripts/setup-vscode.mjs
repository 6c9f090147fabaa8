// Makes a real VS Code (code-server from npm + Debian's Chromium) available for tests and for running Modelbay.
// Idempotent: installs only what is missing. Usage: node scripts/setup-vscode.mjs
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureAptPackages } from './lib/aptPackages.mjs';
import { installCodeServer } from './lib/codeServerInstall.mjs';
import { seedRipgrepCache } from './lib/ripgrepCache.mjs';
import {
  CODE_SERVER_VERSION,
  chromiumExecutable,
  codeServerEntry,
  codeServerInstalledMarker,
  codeServerToolDir,
  installedCodeServerVersion,
} from './vscodePaths.mjs';

/**
 * chromium: the browser that drives the workbench; fonts-liberation: text glyphs for it (a Chromium recommend we
 * skip otherwise); ripgrep: seeds @vscode/ripgrep; libkrb5-dev, python3, make, g++: native modules
 * (kerberos, argon2, node-pty) build from source because their prebuilt downloads fail here.
 */
const APT_PACKAGES = ['chromium', 'fonts-liberation', 'ripgrep', 'libkrb5-dev', 'python3', 'make', 'g++'];

const started = Date.now();
const say = (line) => console.log(`[setup-vscode] ${line}`);
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

function codeServerReady() {
  return installedCodeServerVersion() === CODE_SERVER_VERSION && existsSync(codeServerInstalledMarker);
}

try {
  if (process.platform !== 'linux') throw new Error('this setup supports Debian Linux only');
  ensureAptPackages(APT_PACKAGES, say);
  if (!existsSync(chromiumExecutable)) throw new Error(`${chromiumExecutable} missing after installing chromium`);

  if (codeServerReady()) {
    say(`code-server ${CODE_SERVER_VERSION} present in ${codeServerToolDir}`);
  } else {
    const tmpDir = join(codeServerToolDir, '..', 'tmp');
    mkdirSync(tmpDir, { recursive: true });
    const archive = seedRipgrepCache(tmpDir);
    say(`seeded ripgrep cache: ${archive}`);
    say(`npm install code-server@${CODE_SERVER_VERSION} into ${codeServerToolDir} (a minute or two)`);
    installCodeServer({ toolDir: codeServerToolDir, version: CODE_SERVER_VERSION, tmpDir, marker: codeServerInstalledMarker });
    if (!codeServerReady()) {
      throw new Error(`npm finished but ${codeServerToolDir} has code-server ${installedCodeServerVersion() ?? 'none'}`);
    }
  }
  const entry = codeServerEntry();
  if (!existsSync(entry)) throw new Error(`code-server entry ${entry} does not exist`);
  say(`ready in ${seconds()}: code-server ${entry}, browser ${chromiumExecutable}`);
} catch (error) {
  console.error(`[setup-vscode] FAILED after ${seconds()}: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
