import type { Page } from 'playwright-core';
import { registerWebviewOnTop } from './webviewOnTop';
import { startVsCodeSession, type VsCodeSession, type VsCodeSessionOptions } from '../../integration/harness/session';

export type UiSessionOptions = Omit<VsCodeSessionOptions, 'extensionTestsPath' | 'onExit'> & {
  /** How long to wait for the workbench to render. Default 60 s. */
  readyTimeoutMs?: number;
};

export interface UiSession {
  readonly page: Page;
  /** The workbench URL. */
  readonly url: string;
  /** The underlying session (code-server, browser context). */
  readonly session: VsCodeSession;
  close(): Promise<void>;
}

/**
 * Starts code-server (optionally with a .vsix installed, or the extension loaded from `extensionDevelopmentPath`)
 * and headless Chromium, and resolves once the workbench shows its activity bar. Always call close().
 */
export async function startVsCodeForUi(options: UiSessionOptions): Promise<UiSession> {
  await registerWebviewOnTop();
  const session = await startVsCodeSession(options);
  try {
    await session.page.locator('.monaco-workbench .activitybar').first().waitFor({
      state: 'visible',
      timeout: options.readyTimeoutMs ?? 60_000,
    });
  } catch (error) {
    await session.close();
    throw new Error(`the workbench did not render: ${(error as Error).message}`, { cause: error });
  }
  return { page: session.page, url: session.url, session, close: () => session.close() };
}
