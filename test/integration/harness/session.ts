import { isAbsolute } from 'node:path';
import { format } from 'node:util';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from './browser';
import { onSignalCleanup } from './cleanupOnSignal';
import { startCodeServer, type CodeServer } from './codeServer';
import { createTempArea } from './tempArea';
import { workbenchUrl } from './workbenchUrl';
import { writeWorkspaceFiles } from './workspaceFiles';

export interface VsCodeSessionOptions {
  /** Absolute path of the folder the workbench opens (default: an empty folder in the session's temp area). */
  workspaceFolder?: string;
  /** Files (relative path -> text) written into the workspace folder before the workbench opens. */
  workspaceFiles?: Record<string, string>;
  /** Absolute path of an extension folder loaded in development mode (its package.json `main` must be built). */
  extensionDevelopmentPath?: string;
  /** Absolute path of a compiled test module (`run(): Promise<void>`) the extension host runs. */
  extensionTestsPath?: string;
  /** A .vsix installed before code-server starts. */
  vsixPath?: string;
  /** Extra user settings. */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and its extension host (undefined removes a variable). */
  env?: Record<string, string | undefined>;
  viewport?: { width: number; height: number };
  /** Echo code-server's output and browser page errors. */
  verbose?: boolean;
  /** Keep the temp folder (user data, logs) after close, for debugging. */
  keepTemp?: boolean;
  /** Extension-host and workbench log lines (window.codeAutomationLog). */
  onLog?: (level: string, message: string) => void;
  /** The exit code the workbench reports when extension tests finish (window.codeAutomationExit). */
  onExit?: (code: number) => void;
}

export interface VsCodeSession {
  readonly codeServer: CodeServer;
  readonly context: BrowserContext;
  readonly page: Page;
  /** The workbench URL the page opened. */
  readonly url: string;
  /** The folder the workbench opened. */
  readonly workspaceFolder: string;
  /** Temp folder holding user data, extensions and the browser profile. */
  readonly tempDir: string;
  /** Closes the browser, stops code-server's whole process group and removes the temp folder. Idempotent. */
  close(): Promise<void>;
  /** True once close() started (also when a signal started it): page and server events are then expected. */
  isClosing(): boolean;
}

/** Starts code-server and headless Chromium on its workbench. Signals stop both; always call close(). */
export async function startVsCodeSession(options: VsCodeSessionOptions): Promise<VsCodeSession> {
  for (const path of [options.workspaceFolder, options.extensionDevelopmentPath, options.extensionTestsPath]) {
    if (path !== undefined && !isAbsolute(path)) throw new Error(`expected an absolute path, got ${path}`);
  }
  const temp = createTempArea();
  let codeServer: CodeServer | undefined;
  let context: BrowserContext | undefined;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      unregister();
      if (context) await withTimeout(context.close(), 10_000).catch(() => undefined);
      if (codeServer) await codeServer.stop();
      if (!options.keepTemp) temp.remove();
    })();
    return closing;
  };
  const unregister = onSignalCleanup(close);
  const workspaceFolder = options.workspaceFolder ?? temp.dir('workspace');
  try {
    if (options.workspaceFiles) writeWorkspaceFiles(workspaceFolder, options.workspaceFiles);
    codeServer = await startCodeServer({
      workspaceFolder,
      temp,
      settings: options.settings,
      env: options.env,
      vsixPath: options.vsixPath,
      verbose: options.verbose,
    });
    context = await launchBrowser({
      profileDir: temp.dir('browser-profile'),
      viewport: options.viewport,
      xdgConfigHome: temp.dir('browser-xdg-config'),
      xdgCacheHome: temp.dir('browser-xdg-cache'),
    });
    const onLog = options.onLog;
    const onExit = options.onExit;
    await context.exposeFunction('codeAutomationLog', (level: unknown, message: unknown) => {
      onLog?.(String(level), formatLogMessage(message));
    });
    await context.exposeFunction('codeAutomationExit', (code: unknown) => {
      onExit?.(typeof code === 'number' ? code : Number(code));
    });
    const page = context.pages()[0] ?? (await context.newPage());
    if (options.verbose) {
      page.on('pageerror', (error) => console.log(`[browser] page error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') console.log(`[browser] ${message.text()}`);
      });
    }
    const url = workbenchUrl({
      serverUrl: codeServer.url,
      remoteAuthority: codeServer.remoteAuthority,
      folder: workspaceFolder,
      extensionDevelopmentPath: options.extensionDevelopmentPath,
      extensionTestsPath: options.extensionTestsPath,
    });
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    const started = codeServer;
    const browser = context;
    return { codeServer: started, context: browser, page, url, workspaceFolder, tempDir: temp.root, close, isClosing: () => closing !== undefined };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The workbench passes console arguments as an array (`['%s passing', 2]`): format them like console.log. */
function formatLogMessage(message: unknown): string {
  return Array.isArray(message) ? format(...(message as unknown[])) : String(message);
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
