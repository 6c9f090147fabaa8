import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { checkNativeFile, describeReport, isRuntimeCppSymbol } from '../../scripts/lib/native/napiCheck';
import { readSymbols } from '../../scripts/lib/native/symbols';
import { elfLibrary, fatMachO, machOLibrary, peLibrary } from './helpers/nativeFixtures';

const FORMATS: Record<string, string> = { linux: 'ELF', darwin: 'Mach-O', win32: 'PE' };
const NODE_MODULES = path.resolve(__dirname, '../../node_modules');
const ONNX_BIN = path.join(NODE_MODULES, 'onnxruntime-node/bin/napi-v6');
/** libsql's binary packages npm installed for this machine (os and cpu from their package.json). */
const LIBSQL_HERE = readdirSync(path.join(NODE_MODULES, '@libsql')).map((name) => {
  const dir = path.join(NODE_MODULES, '@libsql', name);
  const { os, cpu } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { os: string[]; cpu: string[] };
  return { file: path.join(dir, 'index.node'), format: FORMATS[os[0]!]!, arch: cpu[0]! };
});


// What better-sqlite3 12 imports (a few of its 49 V8 C++ symbols) and what an N-API module imports instead.
const V8_ITANIUM = ['_ZN2v811HandleScopeC1EPNS_7IsolateE', '_ZNK2v85Value8IsObjectEv', '_ZN4node6Buffer4DataENS_5LocalINS_5ValueEEE'];
const V8_MSVC = '?GetCurrent@Isolate@v8@@SAPEAV12@XZ';
const NAPI = ['napi_create_function', 'napi_define_properties'];
const REGISTER = 'napi_register_module_v1';

describe('the N-API check of native files', () => {
  it('tells V8 and Node C++ symbols from C and other C++ names', () => {
    for (const name of [...V8_ITANIUM, V8_MSVC, '_ZTVN2v89TaskRunnerE', '??0HandleScope@v8@@QEAA@PEAVIsolate@1@@Z']) assert.ok(isRuntimeCppSymbol(name), name);
    for (const name of [...NAPI, REGISTER, '_ZNSt6vectorIiSaIiEE9push_backERKi', '_ZN3foo2v8Ev', '_ZN12v8_inspector3fooEv', 'v8_thing', '?foo@bar@@QEAAXXZ']) {
      assert.ok(!isRuntimeCppSymbol(name), name);
    }
  });

  const formats = [
    { format: 'ELF', build: elfLibrary },
    { format: 'Mach-O', build: machOLibrary },
    { format: 'PE', build: peLibrary },
  ] as const;
  for (const { format, build } of formats) {
    it(`${format}: passes an N-API module, fails one importing V8 C++ symbols or not registering`, () => {
      const [good] = checkNativeFile(build({ exports: [REGISTER], imports: NAPI }), true);
      assert.deepEqual(good!.problems, [], describeReport(good!));
      assert.equal(good!.format, format);
      assert.equal(good!.napiImports, 2);

      const v8 = format === 'PE' ? [V8_MSVC] : V8_ITANIUM;
      const [bound] = checkNativeFile(build({ exports: [REGISTER], imports: [...NAPI, ...v8, 'memcpy'] }), true);
      assert.deepEqual(bound!.cppRuntimeImports, v8);
      assert.match(bound!.problems.join(), new RegExp(`imports ${v8.length} V8/Node C\\+\\+ symbol`));

      const [unregistered] = checkNativeFile(build({ exports: ['node_register_module_v115'], imports: NAPI }), true);
      assert.deepEqual(unregistered!.problems, ['does not export napi_register_module_v1', 'registers as a Node-ABI-specific module (node_register_module_v115)']);
      // A plain shared library (not an addon) need not register, but must not import V8 either.
      assert.deepEqual(checkNativeFile(build({ exports: ['OrtGetApiBase'], imports: ['malloc'] }), false)[0]!.problems, []);
    });
  }

  it('reads every slice of a universal Mach-O', () => {
    const x64 = machOLibrary({ exports: [REGISTER], imports: NAPI }, 0x01000007);
    const arm64 = machOLibrary({ exports: [REGISTER], imports: [V8_ITANIUM[0]!] }, 0x0100000c);
    const reports = checkNativeFile(fatMachO([{ cpu: 0x01000007, bytes: x64 }, { cpu: 0x0100000c, bytes: arm64 }]), true);
    assert.deepEqual(reports.map((r) => [r.arch, r.problems.length]), [['x64', 0], ['arm64', 1]]);
  });

  it('refuses what it cannot read rather than passing it', () => {
    assert.throws(() => checkNativeFile(Buffer.from('#!/bin/sh\necho not a library\n'), true), /not an ELF, Mach-O or PE file/);
    const elf = elfLibrary({ exports: [REGISTER], imports: NAPI });
    assert.throws(() => checkNativeFile(elf.subarray(0, elf.length - 100), true), /outside the file/);
    const noSections = Buffer.from(elf);
    noSections.writeUInt16LE(0, 0x3c);
    assert.throws(() => checkNativeFile(noSections, true), /no dynamic symbol table/);
  });

  it("passes the real libsql and onnxruntime-node binaries installed here, each of its folder's platform", () => {
    const files = [...LIBSQL_HERE];
    assert.ok(files.length > 0, 'no @libsql binary package installed');
    for (const os of readdirSync(ONNX_BIN)) {
      for (const arch of readdirSync(path.join(ONNX_BIN, os))) {
        files.push({ file: path.join(ONNX_BIN, os, arch, 'onnxruntime_binding.node'), format: FORMATS[os]!, arch });
      }
    }
    assert.ok(files.length >= 5, files.map((f) => f.file).join());
    for (const { file, format, arch } of files) {
      const reports = checkNativeFile(readFileSync(file), true);
      for (const report of reports) {
        assert.deepEqual(report.problems, [], `${file}: ${describeReport(report)}`);
        assert.equal(`${report.format} ${report.arch}`, `${format} ${arch}`, file);
        assert.ok(report.exportsRegister);
      }
    }
  });

  it('reads the same dynamic symbols as `nm -D`', function () {
    const file = LIBSQL_HERE.find((f) => f.format === 'ELF')?.file;
    if (!file) this.skip();
    const nm = (flag: string) => spawnSync('nm', ['-D', flag, file], { encoding: 'utf8' });
    const undefinedOnly = nm('--undefined-only');
    if (undefinedOnly.error) this.skip(); // binutils not installed
    const names = (output: string) => output.split('\n').map((line) => line.trim().split(/\s+/).pop()!.replace(/@.*$/, '')).filter(Boolean).sort();
    const [symbols] = readSymbols(readFileSync(file));
    assert.deepEqual([...symbols!.imports].sort(), names(undefinedOnly.stdout));
    assert.deepEqual([...symbols!.exports].sort(), names(nm('--defined-only').stdout));
  });
});
