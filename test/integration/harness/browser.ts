import { chromium, type BrowserContext } from 'playwright-core';
import { chromiumExecutable } from '../../../scripts/vscodePaths.mjs';

export interface BrowserOptions {
  /** A fresh, empty folder for the browser profile. */
  profileDir: string;
  viewport?: { width: number; height: number };
  /** Folders for the browser's XDG config and cache (else Chromium's crash handler writes ~/.config/chromium). */
  xdgConfigHome: string;
  xdgCacheHome: string;
}

/** Headless Debian Chromium; this harness (not Playwright) handles SIGINT/SIGTERM so it can stop code-server too. */
export function launchBrowser(options: BrowserOptions): Promise<BrowserContext> {
  return chromium.launchPersistentContext(options.profileDir, {
    executablePath: chromiumExecutable,
    headless: true,
    viewport: options.viewport ?? { width: 1280, height: 800 },
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    env: { ...process.env, XDG_CONFIG_HOME: options.xdgConfigHome, XDG_CACHE_HOME: options.xdgCacheHome },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
