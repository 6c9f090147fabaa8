/**
 * Runs `work` one at a time: asked again while it runs, it runs once more afterwards (however often it was asked),
 * so the last run always starts after the last request and answers never overtake each other. `work` must not throw.
 */
export function coalescedRun(work: () => Promise<void>): () => void {
  let running = false;
  let again = false;
  const loop = async () => {
    running = true;
    try {
      do {
        again = false;
        await work();
      } while (again);
    } finally {
      running = false;
    }
  };
  return () => {
    if (running) again = true;
    else loop().catch(() => undefined); // `work` reports its own failures
  };
}
