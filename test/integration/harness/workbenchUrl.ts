export interface WorkbenchUrlOptions {
  /** code-server's base URL, `http://host:port/`. */
  serverUrl: string;
  /** `host:port`: the authority of the `vscode-remote://` URIs in the payload. */
  remoteAuthority: string;
  /** Absolute path of the folder to open. */
  folder: string;
  /** Absolute path of an extension folder to load in development mode. */
  extensionDevelopmentPath?: string;
  /** Absolute path of a compiled test module exporting `run(): Promise<void>`. */
  extensionTestsPath?: string;
}

/**
 * The workbench URL. Development and test paths travel in the `payload` query parameter as
 * `[[name, "vscode-remote://host:port/abs/path"], ...]`; code-server has no command-line flags for them.
 */
export function workbenchUrl(options: WorkbenchUrlOptions): string {
  const url = new URL(options.serverUrl);
  url.searchParams.set('folder', options.folder);
  const payload: [string, string][] = [];
  const remote = (path: string): string => `vscode-remote://${options.remoteAuthority}${path}`;
  if (options.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(options.extensionDevelopmentPath)]);
  if (options.extensionTestsPath) payload.push(['extensionTestsPath', remote(options.extensionTestsPath)]);
  if (payload.length > 0) url.searchParams.set('payload', JSON.stringify(payload));
  return url.toString();
}
