// @vscode/ripgrep's postinstall downloads rg from GitHub, which we cannot reach. It first looks in
// $TMPDIR/vscode-ripgrep-cache-<its version>/ for the release archive, so we put Debian's rg there (same 13.0.0).
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { arch } from 'node:os';
import { join } from 'node:path';
import { run } from './run.mjs';

const RIPGREP_PACKAGE_VERSION = '1.15.11';
const RIPGREP_RELEASE = 'v13.0.0-10';
const TARGETS = { x64: 'x86_64-unknown-linux-musl', arm64: 'aarch64-unknown-linux-musl' };

/**
 * Creates the cached archive under `tmpDir` (kept across runs) and returns its path.
 * @param {string} tmpDir the TMPDIR the npm install will run with
 * @param {string} rgPath Debian's ripgrep binary
 */
export function seedRipgrepCache(tmpDir, rgPath = '/usr/bin/rg') {
  const target = TARGETS[/** @type {'x64'|'arm64'} */ (arch())];
  if (!target) throw new Error(`no ripgrep cache seeding for CPU architecture ${arch()}`);
  if (!existsSync(rgPath)) throw new Error(`${rgPath} not found (the ripgrep apt package provides it)`);
  const cacheDir = join(tmpDir, `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
  const archive = join(cacheDir, `ripgrep-${RIPGREP_RELEASE}-${target}.tar.gz`);
  if (existsSync(archive)) return archive;
  mkdirSync(cacheDir, { recursive: true });
  const staging = mkdtempSync(join(tmpDir, 'rg-staging-'));
  try {
    copyFileSync(rgPath, join(staging, 'rg'));
    // The postinstall runs `tar xvf <archive> -C bin` and then expects bin/rg: rg sits at the archive's top.
    run('tar', ['-czf', archive, '-C', staging, 'rg'], { quiet: true });
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return archive;
}
