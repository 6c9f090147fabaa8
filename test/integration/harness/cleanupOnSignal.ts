/**
 * Runs registered cleanups (stop code-server, close the browser) when this process gets SIGINT or SIGTERM,
 * then exits with 128 + signal number. Handlers are installed only while at least one cleanup is registered.
 */
type Cleanup = () => Promise<void>;

const cleanups = new Set<Cleanup>();
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
const EXIT_CODES: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };
let handling = false;

/** Registers `cleanup`; call the returned function to unregister it once the session closed normally. */
export function onSignalCleanup(cleanup: Cleanup): () => void {
  cleanups.add(cleanup);
  if (cleanups.size === 1) {
    for (const signal of SIGNALS) process.on(signal, handleSignal);
  }
  return () => {
    cleanups.delete(cleanup);
    if (cleanups.size === 0) {
      for (const signal of SIGNALS) process.removeListener(signal, handleSignal);
    }
  };
}

function handleSignal(signal: NodeJS.Signals): void {
  if (handling) return;
  handling = true;
  console.error(`\n[vscode-harness] ${signal}: stopping code-server and the browser`);
  const all = [...cleanups].map((cleanup) => cleanup().catch(() => undefined));
  const giveUp = new Promise((resolve) => setTimeout(resolve, 15_000).unref());
  void Promise.race([Promise.all(all), giveUp]).then(() => process.exit(EXIT_CODES[signal] ?? 1));
}
