import * as vscode from 'vscode';
import { reportFailure } from './reportFailure';

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
export function registerCommand(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
  id: string,
  // Arguments come from menus, keybindings, notifications, forms and other extensions: each handler checks them.
  handler: (...args: unknown[]) => unknown,
): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      log.debug(`command ${id}`);
      try {
        return await handler(...args);
      } catch (error) {
        if (error instanceof UserCancelled) return undefined;
        log.error(`${id} failed`);
        reportFailure(log, error);
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
