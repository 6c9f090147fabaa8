import type * as vscode from 'vscode';
import { ROLE_ORDER, type RoleName } from '../../api/schemas/roleAssignment';

const KEY = 'modelbay.callerRoles';

/**
 * The role the signed-in user held on each remote account when it was last read, kept across windows: a collapsed
 * account's row offers what that role allows from the start, instead of everything until it is expanded. The
 * service decides all the same; a role changed since is learned at the next expansion.
 */
export class CallerRoles {
  constructor(private readonly state: vscode.Memento) {}

  get(accountId: string): RoleName | undefined {
    const role = this.all()[accountId];
    return typeof role === 'string' && (ROLE_ORDER as readonly string[]).includes(role) ? (role as RoleName) : undefined;
  }

  remember(accountId: string, role: RoleName): Thenable<void> {
    return this.state.update(KEY, { ...this.all(), [accountId]: role });
  }

  /** A removed account's role is not kept. */
  forget(accountId: string): Thenable<void> {
    const { [accountId]: _forgotten, ...others } = this.all();
    return this.state.update(KEY, others);
  }

  private all(): Record<string, unknown> {
    const stored = this.state.get<unknown>(KEY);
    return typeof stored === 'object' && stored !== null && !Array.isArray(stored) ? (stored as Record<string, unknown>) : {};
  }
}
