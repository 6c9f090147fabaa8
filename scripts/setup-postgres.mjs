// Makes PostgreSQL's server binaries available for the service tests on PostgreSQL (they start their own server in
// a temp folder; no system service is used). Idempotent: installs Debian's postgresql only when no
// /usr/lib/postgresql/<n>/bin/initdb exists. Usage: node scripts/setup-postgres.mjs
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureAptPackages } from './lib/aptPackages.mjs';

const ROOT = '/usr/lib/postgresql';
const say = (line) => console.log(`[setup-postgres] ${line}`);

function installedInitdb() {
  if (!existsSync(ROOT)) return undefined;
  return readdirSync(ROOT)
    .map((major) => join(ROOT, major, 'bin', 'initdb'))
    .find((file) => existsSync(file));
}

try {
  const present = installedInitdb();
  if (present) {
    say(`present: ${present}`);
  } else {
    if (process.platform !== 'linux') throw new Error('this setup supports Debian Linux only; install PostgreSQL 15 or newer yourself');
    // Debian's package would create and start a "main" cluster on port 5432; the tests need only the binaries.
    const createClusterConf = '/etc/postgresql-common/createcluster.conf';
    if (!existsSync(createClusterConf) && typeof process.getuid === 'function' && process.getuid() === 0) {
      mkdirSync('/etc/postgresql-common', { recursive: true });
      writeFileSync(createClusterConf, 'create_main_cluster = false\n');
    }
    ensureAptPackages(['postgresql'], say);
    const installed = installedInitdb();
    if (!installed) throw new Error(`apt-get installed postgresql but ${ROOT}/*/bin/initdb is missing`);
    say(`installed: ${installed}`);
  }
} catch (error) {
  console.error(`[setup-postgres] FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
