// Makes the real servers the service tests start for themselves available: PostgreSQL's binaries (the team store)
// and nginx (the load balancer in front of two instances), and bubblewrap, which the service runs Python and Node
// drivers in by default (drivers confined), and Debian's Chromium (with fonts-liberation for its text), which the
// developer portal's service test drives. Idempotent: installs Debian's packages only when missing.
// Usage: node scripts/setup-team-servers.mjs
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { ensureAptPackages } from './lib/aptPackages.mjs';
import { chromiumExecutable } from './vscodePaths.mjs';

const say = (line) => console.log(`[setup-team-servers] ${line}`);

try {
  const postgres = spawnSync(process.execPath, [new URL('./setup-postgres.mjs', import.meta.url).pathname], { stdio: 'inherit' });
  if (postgres.status !== 0) throw new Error('PostgreSQL setup failed (above)');
  if (existsSync('/usr/sbin/nginx')) {
    say('present: /usr/sbin/nginx');
  } else {
    if (process.platform !== 'linux') throw new Error('this setup supports Debian Linux only; install nginx yourself');
    ensureAptPackages(['nginx-light'], say);
    if (!existsSync('/usr/sbin/nginx')) throw new Error('apt-get installed nginx-light but /usr/sbin/nginx is missing');
    say('installed: /usr/sbin/nginx');
  }
  if (existsSync('/usr/bin/bwrap')) {
    say('present: /usr/bin/bwrap');
  } else {
    if (process.platform !== 'linux') throw new Error('this setup supports Debian Linux only; install bubblewrap yourself');
    ensureAptPackages(['bubblewrap'], say);
    if (!existsSync('/usr/bin/bwrap')) throw new Error('apt-get installed bubblewrap but /usr/bin/bwrap is missing');
    say('installed: /usr/bin/bwrap');
  }
  if (process.platform === 'linux') ensureAptPackages(['chromium', 'fonts-liberation'], say);
  if (!existsSync(chromiumExecutable)) throw new Error(`${chromiumExecutable} is missing; install Debian's chromium package`);
} catch (error) {
  console.error(`[setup-team-servers] FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
