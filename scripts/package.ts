// Builds Modelbay's .vsix files, one per platform, offline but for the npm registry.
//   npm run package                      linux-x64 as modelbay.vsix (what the UI tests install)
//   npm run package -- --target <t>...   modelbay-<t>.vsix for each target named
//   npm run package:all                  modelbay-<t>.vsix for all five targets
// Options: --out-dir <dir> (default: the repository), --no-build (reuse dist/ from an earlier production build).
// Each target is staged in a fresh folder under .tools/package/ (scripts/lib/stageVsix.ts) and packaged there by vsce; then every
// native file in the .vsix is checked: built for the target's platform, and an N-API module (scripts/lib/native).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkNativeFile, describeReport } from './lib/native/napiCheck';
import { stageVsix } from './lib/stageVsix';
import { DEFAULT_TARGET, findTarget, isNativeFile, VSIX_TARGETS, vsixFileName, type VsixTarget } from './lib/vsixTargets';
import { listZip, readZipEntry } from './lib/zipReader';

const repoRoot = resolve(__dirname, '..');
const log = (line: string) => console.log(`[package] ${line}`);

function runVsce(stageDir: string, target: VsixTarget, out: string): Promise<void> {
  const vsce = join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [vsce, 'package', '--target', target.name, '--out', out], { cwd: stageDir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolveRun() : reject(new Error(`vsce package --target ${target.name} failed (exit ${code}):\n${output}`))));
  });
}

/** Every native file must be the target's own format and CPU, and N-API; returns one line per file. */
export function verifyVsix(file: string, target: VsixTarget): string[] {
  const zip = readFileSync(file);
  const lines: string[] = [];
  const problems: string[] = [];
  for (const entry of listZip(zip).filter((e) => isNativeFile(e.name))) {
    for (const report of checkNativeFile(readZipEntry(zip, entry), entry.name.endsWith('.node'))) {
      lines.push(`${entry.name}: ${describeReport(report)}`);
      if (report.problems.length > 0) problems.push(`${entry.name}: ${report.problems.join('; ')}`);
      if (report.format !== target.format || report.arch !== target.arch) {
        problems.push(`${entry.name} is ${report.format} ${report.arch}, not ${target.format} ${target.arch}`);
      }
    }
  }
  if (problems.length > 0) throw new Error(`${relative(repoRoot, file)} fails the native-file check:\n  ${problems.join('\n  ')}`);
  return lines;
}

async function packageTarget(target: VsixTarget, out: string): Promise<void> {
  const started = Date.now();
  // A folder of this run's own: `npm run package` may run in two places at once (a UI test and a package test).
  mkdirSync(join(repoRoot, '.tools', 'package'), { recursive: true });
  const stageDir = mkdtempSync(join(repoRoot, '.tools', 'package', `${target.name}-`));
  try {
    stageVsix(repoRoot, target, stageDir, log);
    await runVsce(stageDir, target, out);
  } finally {
    rmSync(stageDir, { recursive: true, force: true });
  }
  for (const line of verifyVsix(out, target)) log(`  ${line}`);
  const megabytes = (statSync(out).size / 1024 / 1024).toFixed(1);
  log(`${relative(process.cwd(), out)}: ${target.name}, ${megabytes} MB, ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { target: { type: 'string', multiple: true }, all: { type: 'boolean' }, 'out-dir': { type: 'string' }, 'no-build': { type: 'boolean' } },
  });
  const outDir = resolve(values['out-dir'] ?? repoRoot);
  mkdirSync(outDir, { recursive: true });
  const named = values.all ? VSIX_TARGETS.map((t) => t.name) : (values.target ?? []);
  const jobs = named.length === 0 ? [{ target: findTarget(DEFAULT_TARGET), out: join(outDir, 'modelbay.vsix') }] : named.map((name) => ({ target: findTarget(name), out: join(outDir, vsixFileName(name)) }));

  if (!values['no-build']) {
    const build = spawnSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: repoRoot, stdio: 'inherit' });
    if (build.status !== 0) throw new Error(`node esbuild.mjs --production failed (${build.signal ?? `exit ${build.status}`})`);
  }
  // Two at a time: vsce's compression is most of the time, and this machine kind has two cores.
  const queue = [...jobs];
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) await packageTarget(job.target, job.out);
  };
  await Promise.all([worker(), worker()]);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`[package] FAILED: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
