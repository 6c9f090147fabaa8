/** The words of a failure, as the host sent them (HostError) or as the browser threw them. */
export function problemText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Listens for an event and runs an async action on it; a failure is shown through `showProblem` (the form's problem
 * line), never left in a promise nobody holds.
 */
export function onEvent(target: EventTarget, type: string, action: () => Promise<unknown>, showProblem: (message: string) => void): void {
  target.addEventListener(type, () => {
    action().catch((error: unknown) => showProblem(problemText(error)));
  });
}
