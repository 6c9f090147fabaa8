import * as vscode from 'vscode';
import { describeError } from './describeError';

/**
 * Tells the user something failed, with the service's own message and code, and logs it. `doing` says what was
 * under way when it is not the command the user just ran ("Deploying iris", "Restarting the Local service").
 */
export function reportFailure(log: vscode.LogOutputChannel, error: unknown, doing?: string): void {
  const reason = describeError(error);
  log.error(doing ? `${doing} failed: ${reason}` : reason);
  vscode.window.showErrorMessage(doing ? `Modelbay: ${doing} failed: ${reason}` : `Modelbay: ${reason}`, 'Show Log').then(
    (choice) => {
      if (choice === 'Show Log') log.show(true);
    },
    (shown: unknown) => log.warn(`Could not show a notification: ${describeError(shown)}`),
  );
}

/**
 * Lets work go on after the command that started it has returned (a notification's action, a deploy's later steps)
 * while its failure still reaches the user: nothing is left for a promise nobody holds.
 */
export function inBackground(log: vscode.LogOutputChannel, doing: string, work: PromiseLike<unknown>): void {
  Promise.resolve(work).catch((error: unknown) => reportFailure(log, error, doing));
}
