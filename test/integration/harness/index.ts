// The harness's public surface: run extension tests in a real VS Code, or drive its workbench.
export { runIntegrationTests, DEFAULT_TIMEOUT_MS, type IntegrationRunOptions } from './runInVsCode';
export { startVsCodeSession, type VsCodeSession, type VsCodeSessionOptions } from './session';
export { startCodeServer, type CodeServer, type CodeServerOptions } from './codeServer';
export { launchBrowser, type BrowserOptions } from './browser';
export { workbenchUrl, type WorkbenchUrlOptions } from './workbenchUrl';
