// A folder vsce can package for one target: the manifest, docs, bundles and media, and a node_modules holding the
// run-time packages (RUNTIME_PACKAGES and what they depend on) with only this target's native files. vsce then
// applies .vscodeignore there, as it would in the repository. The staged manifest lists only the run-time
// packages as dependencies (everything else is bundled), so `npm list`, which vsce runs, finds a complete tree.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { libsqlBinaryPackage } from './libsqlBinary';
import { onnxBinFolder, RUNTIME_PACKAGES, type VsixTarget } from './vsixTargets';

const TOP_LEVEL = ['README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore', 'dist', 'media'];

interface Manifest {
  dependencies?: Record<string, string>;
}

export function stageVsix(repoRoot: string, target: VsixTarget, stageDir: string, log: (line: string) => void): void {
  rmSync(stageDir, { recursive: true, force: true });
  mkdirSync(stageDir, { recursive: true });
  for (const name of TOP_LEVEL) {
    if (existsSync(join(repoRoot, name))) cpSync(join(repoRoot, name), join(stageDir, name), { recursive: true });
  }
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as Manifest;
  const dependencies: Record<string, string> = {};
  for (const name of RUNTIME_PACKAGES) {
    const range = manifest.dependencies?.[name];
    if (!range) throw new Error(`package.json does not depend on ${name}, which the bundles load at run time`);
    dependencies[name] = range;
  }
  writeFileSync(join(stageDir, 'package.json'), `${JSON.stringify({ ...manifest, dependencies }, null, 2)}\n`);

  const copied = new Set<string>();
  const copyPackage = (name: string, requiredFrom: string) => {
    const source = locatePackage(repoRoot, name, requiredFrom);
    const where = relative(repoRoot, source);
    if (copied.has(where)) return;
    copied.add(where);
    const binaries = join(source, 'bin');
    // Nested node_modules are copied as packages of their own, when something depends on them.
    cpSync(source, join(stageDir, where), {
      recursive: true,
      filter: (file) => !relative(source, file).split(sep).includes('node_modules') && !(name === 'onnxruntime-node' && (file === binaries || file.startsWith(binaries + sep))),
    });
    if (name === 'onnxruntime-node') {
      const folder = onnxBinFolder(target);
      if (existsSync(join(source, folder))) {
        cpSync(join(source, folder), join(stageDir, where, folder), { recursive: true, filter: (file) => !isDylibCopy(file) });
      } else log(`${target.name}: onnxruntime-node ships no ${folder}: this .vsix cannot run Onnx services`);
    }
    const own = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as Manifest;
    for (const dependency of Object.keys(own.dependencies ?? {})) copyPackage(dependency, source);
  };
  for (const name of RUNTIME_PACKAGES) copyPackage(name, repoRoot);

  // libsql's optional dependency for this platform, where npm would have installed it (beside libsql).
  const binary = libsqlBinaryPackage(repoRoot, target.libsqlPackage, log);
  cpSync(binary, join(stageDir, 'node_modules', target.libsqlPackage), { recursive: true });
}

/**
 * onnxruntime-node's macOS folder holds libonnxruntime.1.dylib (the name the binding loads: @rpath/libonnxruntime.1.dylib)
 * and libonnxruntime.<version>.dylib, a byte-identical copy standing in for the symlink npm cannot pack: 44 MB
 * nothing loads.
 */
function isDylibCopy(file: string): boolean {
  const match = /^(libonnxruntime\.\d+)\.\d+\.\d+\.dylib$/.exec(basename(file));
  if (!match) return false;
  const loaded = join(dirname(file), `${match[1]}.dylib`);
  return existsSync(loaded) && readFileSync(loaded).equals(readFileSync(file));
}

/** Node's lookup: `<dir>/node_modules/<name>` from the requiring package's folder up to the repository. */
function locatePackage(repoRoot: string, name: string, from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (relative(repoRoot, dir) === '' || dir === dirname(dir)) break;
  }
  throw new Error(`${name} (needed by ${relative(repoRoot, from) || 'package.json'}) is not installed: run npm ci`);
}
