import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkNativeFile, describeReport } from '../../scripts/lib/native/napiCheck';
import { isNativeFile, onnxBinFolder, RUNTIME_PACKAGES, VSIX_TARGETS } from '../../scripts/lib/vsixTargets';
import { openVsix, REPO } from './vsixFiles';

const BUNDLES = ['extension', 'identity', 'folderArchive', 'server', 'replicaWorker', 'nodeDriverHost', 'webviews/registerModel', 'webviews/deploy', 'webviews/serviceDetails', 'webviews/submitJob', 'webviews/manageAccess', 'portal/help'].map((b) => `extension/dist/${b}.js`);
const ONNX = 'extension/node_modules/onnxruntime-node/';
/** The library onnxruntime_binding.node loads, per platform (its NEEDED / LC_LOAD_DYLIB / import entry). */
const ONNX_LIBRARY: Record<string, string> = { linux: 'libonnxruntime.so.1', darwin: 'libonnxruntime.1.dylib', win32: 'onnxruntime.dll' };

/** The package folders a .vsix holds: `node_modules/<name>` or `node_modules/@scope/<name>`, nested ones too. */
function packagesIn(names: string[]): string[] {
  const found = new Set<string>();
  for (const name of names) {
    const match = /^extension\/((?:node_modules\/(?:@[^/]+\/)?[^/]+\/)+)package\.json$/.exec(name);
    if (match) found.add(match[1]!.slice('node_modules/'.length, -1));
  }
  return [...found].sort();
}

describe('the .vsix of each platform', () => {
  for (const target of VSIX_TARGETS) {
    describe(target.name, () => {
      let opened: ReturnType<typeof openVsix> | undefined;
      const vsix = () => (opened ??= openVsix(target));

      it('declares its platform and holds the manifest, the bundles and the media', () => {
        const { names, read } = vsix();
        assert.match(read('extension.vsixmanifest').toString('utf8'), new RegExp(`TargetPlatform="${target.name}"`));
        for (const bundle of BUNDLES) assert.ok(names.includes(bundle), `${bundle} is missing`);
        assert.ok(names.includes('extension/media/modelbay.svg'));
        const manifest = JSON.parse(read('extension/package.json').toString('utf8')) as { main: string; dependencies: Record<string, string> };
        assert.ok(names.includes(`extension/${path.posix.normalize(manifest.main)}`), manifest.main);
        assert.deepEqual(Object.keys(manifest.dependencies).sort(), [...RUNTIME_PACKAGES].sort());
        assert.ok(!names.some((n) => n.endsWith('.map') || n.endsWith('.ts') || n.startsWith('extension/src/')), 'no sources or source maps');
      });

      it("holds exactly its own platform's native files and the packages the bundles load", () => {
        const { names } = vsix();
        assert.deepEqual(packagesIn(names), ['@libsql/' + target.libsqlPackage.split('/')[1], '@neon-rs/load', 'libsql', 'libsql/node_modules/detect-libc', 'onnxruntime-common', 'onnxruntime-node'].sort());
        const native = names.filter(isNativeFile).sort();
        const onnxFolder = `${ONNX}${onnxBinFolder(target)}/`;
        const installed = path.join(REPO, 'node_modules/onnxruntime-node', onnxBinFolder(target));
        let onnxFiles: string[] = [];
        try {
          onnxFiles = readdirSync(installed);
        } catch {
          // onnxruntime-node 1.30 publishes no darwin/x64 binaries: that .vsix runs no Onnx services (README).
        }
        const expected = [`extension/node_modules/${target.libsqlPackage}/index.node`];
        if (onnxFiles.length > 0) expected.push(`${onnxFolder}onnxruntime_binding.node`, `${onnxFolder}${ONNX_LIBRARY[target.os]}`);
        for (const file of expected) assert.ok(native.includes(file), `${file} is missing from ${target.name}`);
        for (const file of native) {
          const ok = file === expected[0] || (file.startsWith(onnxFolder) && onnxFiles.includes(file.slice(onnxFolder.length)));
          assert.ok(ok, `${target.name} holds ${file}, which is not its platform's`);
        }
        assert.ok(!names.some((n) => n.startsWith(`${ONNX}bin/`) && !n.startsWith(onnxFolder)), 'another platform of onnxruntime');
      });

      it('holds only N-API native files built for its OS and CPU', () => {
        const { entries, read } = vsix();
        const lines: string[] = [];
        for (const entry of entries.filter((e) => isNativeFile(e.name))) {
          for (const report of checkNativeFile(read(entry.name), entry.name.endsWith('.node'))) {
            lines.push(`${entry.name.replace('extension/node_modules/', '')}: ${describeReport(report)}`);
            assert.deepEqual(report.problems, [], `${entry.name}: ${describeReport(report)}`);
            assert.equal(`${report.format} ${report.arch}`, `${target.format} ${target.arch}`, entry.name);
          }
        }
        console.log(lines.map((l) => `        ${l}`).join('\n'));
      });

      it('holds every package the bundles leave to node_modules (esbuild.mjs nativeModules)', () => {
        const { names } = vsix();
        const esbuild = readFileSync(path.join(REPO, 'esbuild.mjs'), 'utf8');
        const external = /const nativeModules = \[([^\]]*)\]/.exec(esbuild)?.[1]?.match(/[\w@/.-]+/g) ?? [];
        assert.deepEqual([...external].sort(), [...RUNTIME_PACKAGES].sort());
        const packaged = packagesIn(names);
        for (const name of RUNTIME_PACKAGES) assert.ok(packaged.includes(name), name);
      });
    });
  }
});
