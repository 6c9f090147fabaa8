// The platforms Modelbay ships a .vsix for, and which native files each one holds. The bundles leave two packages
// to be loaded from node_modules at run time (esbuild.mjs `nativeModules`): libsql, whose binary comes in one npm
// package per platform, and onnxruntime-node, which carries every platform's binaries under bin/napi-v6/<os>/<arch>.
import type { BinaryFormat } from './native/symbols';

export interface VsixTarget {
  /** vsce's --target name. */
  name: string;
  /** libsql's binary package for the platform (what libsql's index.js requires as `@libsql/<target>`). */
  libsqlPackage: string;
  os: 'linux' | 'darwin' | 'win32';
  arch: 'x64' | 'arm64';
  format: BinaryFormat;
}

export const VSIX_TARGETS: readonly VsixTarget[] = [
  { name: 'linux-x64', libsqlPackage: '@libsql/linux-x64-gnu', os: 'linux', arch: 'x64', format: 'ELF' },
  { name: 'linux-arm64', libsqlPackage: '@libsql/linux-arm64-gnu', os: 'linux', arch: 'arm64', format: 'ELF' },
  { name: 'darwin-x64', libsqlPackage: '@libsql/darwin-x64', os: 'darwin', arch: 'x64', format: 'Mach-O' },
  { name: 'darwin-arm64', libsqlPackage: '@libsql/darwin-arm64', os: 'darwin', arch: 'arm64', format: 'Mach-O' },
  { name: 'win32-x64', libsqlPackage: '@libsql/win32-x64-msvc', os: 'win32', arch: 'x64', format: 'PE' },
];

/** The packages the bundles require at run time (the rest of the code is bundled). */
export const RUNTIME_PACKAGES = ['libsql', 'onnxruntime-node'] as const;

/** onnxruntime-node's folder of binaries for a target, inside its package. */
export const onnxBinFolder = (target: VsixTarget) => `bin/napi-v6/${target.os}/${target.arch}`;

/** `npm run package` with no target builds this one as modelbay.vsix (what the UI tests install). */
export const DEFAULT_TARGET = 'linux-x64';

export const vsixFileName = (target: string) => `modelbay-${target}.vsix`;

export function findTarget(name: string): VsixTarget {
  const target = VSIX_TARGETS.find((t) => t.name === name);
  if (!target) throw new Error(`unknown target '${name}'; known: ${VSIX_TARGETS.map((t) => t.name).join(', ')}`);
  return target;
}

/** Native libraries by file name: addons (.node) and the shared libraries they load. */
export const isNativeFile = (name: string) => /\.(node|dll|dylib)$|\.so(\.\d+)*$/.test(name);
