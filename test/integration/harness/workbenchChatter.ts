/**
 * Lines the workbench itself logs through window.codeAutomationLog on every start. They arrive mixed with the
 * extension host's console output (the test reporter), so the default log of a test run drops them; verbose
 * runs keep everything.
 */
const CHATTER: RegExp[] = [
  /^Resolving connection token \(/,
  /^Resolved connection token \(/,
  /^Creating a socket \(renderer-/,
  /^\[Service Worker\] registered$/,
  /^Updating additional builtin extensions cache$/,
  /^Ignoring fetching additional builtin extensions from gallery as it is disabled\.$/,
  /^ChatSessionStore: Migrating \d+ chat sessions/,
];

export function isWorkbenchChatter(line: string): boolean {
  return CHATTER.some((pattern) => pattern.test(line));
}
