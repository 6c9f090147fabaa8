// Types for vscodePaths.mjs, so the TypeScript test harness can import it.
export declare const CODE_SERVER_VERSION: string;
export declare const repoRoot: string;
export declare const codeServerToolDir: string;
export declare const codeServerPackageDir: string;
export declare const codeServerInstalledMarker: string;
export declare const chromiumExecutable: string;
export declare function codeServerEntry(): string;
export declare function installedCodeServerVersion(): string | undefined;
