// libsql's binary package for a platform, at exactly the installed libsql's version: the copy npm installed when
// it is this machine's, else the package fetched with `npm pack` from the registry (never installed into
// node_modules), checked against the lockfile's integrity and unpacked once into a cache under .tools/.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { x as untar } from 'tar';

export const NPM_PACK_CACHE = join('.tools', 'npm-pack');

const readJson = <T>(file: string) => JSON.parse(readFileSync(file, 'utf8')) as T;

export function installedLibsqlVersion(repoRoot: string): string {
  return readJson<{ version: string }>(join(repoRoot, 'node_modules', 'libsql', 'package.json')).version;
}

/** The folder holding the package (package.json + index.node) for `packageName`, e.g. `@libsql/darwin-arm64`. */
export function libsqlBinaryPackage(repoRoot: string, packageName: string, log: (line: string) => void): string {
  const version = installedLibsqlVersion(repoRoot);
  for (const installed of [join(repoRoot, 'node_modules', packageName), join(repoRoot, 'node_modules', 'libsql', 'node_modules', packageName)]) {
    if (existsSync(join(installed, 'package.json')) && readJson<{ version: string }>(join(installed, 'package.json')).version === version) return installed;
  }
  const cache = join(repoRoot, NPM_PACK_CACHE);
  const unpacked = join(cache, `${packageName.replace('/', '+')}@${version}`);
  if (existsSync(join(unpacked, 'package.json'))) return unpacked;

  mkdirSync(cache, { recursive: true });
  const tarball = join(cache, `${packageName.replace('@', '').replace('/', '-')}-${version}.tgz`);
  if (!existsSync(tarball)) {
    log(`fetching ${packageName}@${version} with npm pack`);
    const npm = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['pack', `${packageName}@${version}`, '--pack-destination', cache, '--silent'], {
      cwd: repoRoot,
      encoding: 'utf8',
      shell: process.platform === 'win32',
    });
    if (npm.status !== 0 || !existsSync(tarball)) {
      throw new Error(`npm pack ${packageName}@${version} failed (${npm.error?.message ?? `exit ${npm.status}`}): ${npm.stderr.trim().slice(-500)}`);
    }
  }
  checkIntegrity(repoRoot, packageName, tarball);
  // Unpacked beside the cache entry and renamed into place, so a concurrent run never sees half a package.
  const partial = `${unpacked}.${process.pid}.partial`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { recursive: true });
  untar({ file: tarball, cwd: partial, strip: 1, sync: true });
  try {
    renameSync(partial, unpacked);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    if (!existsSync(join(unpacked, 'package.json'))) throw error;
  }
  return unpacked;
}

/** The tarball must be the one package-lock.json pins (the lockfile lists every platform's optional package). */
function checkIntegrity(repoRoot: string, packageName: string, tarball: string): void {
  const lock = readJson<{ packages: Record<string, { integrity?: string }> }>(join(repoRoot, 'package-lock.json'));
  const pinned = (lock.packages[`node_modules/${packageName}`] ?? lock.packages[`node_modules/libsql/node_modules/${packageName}`])?.integrity;
  if (!pinned?.startsWith('sha512-')) throw new Error(`package-lock.json pins no sha512 integrity for ${packageName}`);
  const actual = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  if (actual !== pinned) {
    rmSync(tarball, { force: true });
    throw new Error(`${tarball} does not match package-lock.json's integrity for ${packageName} (removed; run again to fetch it anew)`);
  }
}
