import * as vscode from 'vscode';
import { describeError } from './describeError';

/** A user closed a picker or input box: the command ends quietly. */
export class UserCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/**
 * The one way commands are registered: every handler's failure is logged and shown with the service's own
 * message and code; a cancelled picker is not an error.
 */
export function registerCommand<A extends unknown[]>(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  id: string,
  handler: (...args: A) => unknown,
): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      log.debug(`command ${id}`);
      try {
        return await handler(...(args as A));
      } catch (error) {
        if (error instanceof UserCancelled) return undefined;
        const message = describeError(error);
        log.error(`${id} failed: ${message}`);
        void vscode.window.showErrorMessage(`Modelbay: ${message}`, 'Show Log').then((choice) => {
          if (choice === 'Show Log') log.show(true);
        });
        return undefined;
      }
    }),
  );
}

/** Resolves an input box or quick pick's answer, turning Escape into UserCancelled. */
export function required<T>(value: T | undefined): T {
  if (value === undefined) throw new UserCancelled();
  return value;
}

/**
 * A command's optional answers object (from a test, a form or a script). Menus pass other things in that place
 * (the Explorer and tree views pass the list of selected items), which are not answers.
 */
export function presetOf<T extends object>(arg: unknown): T | undefined {
  return typeof arg === 'object' && arg !== null && !Array.isArray(arg) ? (arg as T) : undefined;
}
