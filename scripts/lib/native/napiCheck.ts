// The rule every native file the Modelbay service loads must follow so that it loads in VS Code's own runtime
// (Electron) as well as in Node.js: it is an N-API module. An N-API module exports napi_register_module_v1 and
// reaches the runtime only through the C napi_* functions; a module that imports V8's or Node's C++ symbols
// (`v8::`, `node::`) is bound to one runtime's ABI and fails to load in any other.
import { readSymbols, type BinarySymbols } from './symbols';

export interface NapiReport {
  format: BinarySymbols['format'];
  arch: string;
  exportsRegister: boolean;
  /** Imported C++ symbols of V8 or Node (Itanium `_ZN2v8...`/`_ZN4node...`, MSVC `...@v8@@...`). */
  cppRuntimeImports: string[];
  napiImports: number;
  problems: string[];
}

const ITANIUM_RUNTIME = /^_Z(?:T[VIS])?N[rVKRO]*(?:2v8|4node)\d/;
const MSVC_RUNTIME = /@(?:v8|node)@@/;

export function isRuntimeCppSymbol(name: string): boolean {
  return ITANIUM_RUNTIME.test(name) || (name.startsWith('?') && MSVC_RUNTIME.test(name));
}

/**
 * Checks a library's bytes. `addon` (a `.node` file): must also export napi_register_module_v1; a plain shared
 * library it loads (libonnxruntime.so) need only import no V8/Node C++ symbol. One report per architecture slice.
 */
export function checkNativeFile(bytes: Buffer, addon: boolean): NapiReport[] {
  return readSymbols(bytes).map((symbols) => {
    const cppRuntimeImports = symbols.imports.filter(isRuntimeCppSymbol);
    const exportsRegister = symbols.exports.includes('napi_register_module_v1');
    const problems: string[] = [];
    if (cppRuntimeImports.length > 0) {
      problems.push(`imports ${cppRuntimeImports.length} V8/Node C++ symbol(s), e.g. ${cppRuntimeImports.slice(0, 3).join(', ')}`);
    }
    if (addon && !exportsRegister) problems.push('does not export napi_register_module_v1');
    const legacy = symbols.exports.filter((name) => /^node_register_module_v\d+$/.test(name));
    if (legacy.length > 0) problems.push(`registers as a Node-ABI-specific module (${legacy.join(', ')})`);
    return {
      format: symbols.format,
      arch: symbols.arch,
      exportsRegister,
      cppRuntimeImports,
      napiImports: symbols.imports.filter((name) => name.startsWith('napi_')).length,
      problems,
    };
  });
}

/** One line for logs: `ELF x64: N-API (napi_register_module_v1 exported, 42 napi_* imports, 0 V8/Node C++ imports)`. */
export function describeReport(report: NapiReport): string {
  const facts = `napi_register_module_v1 ${report.exportsRegister ? 'exported' : 'NOT exported'}, ${report.napiImports} napi_* imports, ${report.cppRuntimeImports.length} V8/Node C++ imports`;
  return `${report.format} ${report.arch}: ${report.problems.length === 0 ? 'ok' : `FAILS: ${report.problems.join('; ')}`} (${facts})`;
}
