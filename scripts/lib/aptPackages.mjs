// Installs the Debian packages that are missing (checked with dpkg), running apt-get update once first.
import { spawnSync } from 'node:child_process';
import { run } from './run.mjs';

/** True when dpkg reports the package as fully installed (not merely known, or removed with config left). */
export function isInstalled(name) {
  const result = spawnSync('dpkg', ['-s', name], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return false;
  return /^Status: install ok installed$/m.test(result.stdout);
}

/**
 * @param {string[]} names
 * @param {(line: string) => void} say
 * @returns {string[]} the packages that were installed now
 */
export function ensureAptPackages(names, say) {
  const missing = names.filter((name) => !isInstalled(name));
  if (missing.length === 0) {
    say(`apt packages present: ${names.join(' ')}`);
    return [];
  }
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error(`missing apt packages (${missing.join(' ')}) and not root; install them with: sudo apt-get install ${missing.join(' ')}`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  say(`apt-get update (missing: ${missing.join(' ')})`);
  run('apt-get', ['update', '-qq'], { env, quiet: true });
  say(`apt-get install ${missing.join(' ')}`);
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env, quiet: true });
  const stillMissing = missing.filter((name) => !isInstalled(name));
  if (stillMissing.length > 0) {
    throw new Error(`apt-get finished but these packages are still not installed: ${stillMissing.join(' ')}`);
  }
  return missing;
}
