import { randomUUID } from 'node:crypto';
import { accessParamsCheck, type AccessAssignment, type AccessInit, type AccessMethods, type GrantResult } from '../../../webviews/protocol/accessProtocol';
import { ModelbayApiError } from '../../api/client/errors';
import { collect } from '../../api/client/paging';
import type { RoleAssignmentClient } from '../../api/client/roleAssignmentClient';
import type { RoleAssignment } from '../../api/schemas/roleAssignment';
import type { AccountHandle } from '../accounts/accountConnections';
import { accountAddress } from '../accounts/accountConnections';
import type { ExtensionServices } from '../extensionServices';
import { openPanel } from './panelHost';

const toRow = (a: RoleAssignment): AccessAssignment => ({
  name: a.name,
  principalId: a.principalId,
  principalType: a.principalType,
  role: a.role,
  createdAt: a.createdAt,
  createdBy: a.createdBy,
});

/** Every assignment of the account (all pages), Owners first, then by principal. */
async function readAssignments(client: RoleAssignmentClient): Promise<AccessAssignment[]> {
  const order = { Owner: 0, Contributor: 1, Reader: 2 } as const;
  const rows = (await collect(client.iterate())).map(toRow);
  return rows.sort((a, b) => order[a.role] - order[b.role] || a.principalId.localeCompare(b.principalId));
}

/**
 * Manage Access of one remote account: who holds which role, a Remove per assignment, and a form to grant a role
 * to a user or a group. The tree offers it to Owners; run from the palette by anyone else, the list shows and a change
 * gets the service's 403, in words. One panel per account.
 */
export async function openManageAccessPanel(services: ExtensionServices, account: AccountHandle): Promise<void> {
  if (account.kind === 'local') throw new Error('The Local account is yours alone: it is reached with its service\'s admin token, which holds every right. Manage Access is for remote accounts.');
  const subject = `access:${account.id}`;
  if (services.panels.reveal(subject)) return;
  const connection = await services.connections.connect(account.id);
  const client = connection.account.roleAssignments;
  // Read before the panel opens: an account that cannot be reached gets the message instead of an empty form.
  const first = await readAssignments(client);
  let initial: AccessAssignment[] | undefined = first;
  const opened = openPanel<AccessMethods, AccessInit, never>(services.context, services.log, {
    viewType: 'modelbay.manageAccess',
    title: `Access · ${account.label}`,
    script: 'manageAccess',
    check: accessParamsCheck,
    async init() {
      // The first init uses what was read to open the panel; a reload of the webview reads again.
      const assignments = initial ?? (await readAssignments(client));
      initial = undefined;
      return { accountLabel: account.label, address: accountAddress(connection.account.ref), assignments };
    },
    handlers: {
      list: () => readAssignments(client),
      async grant(params): Promise<GrantResult> {
        try {
          await client.put(randomUUID(), params);
        } catch (error) {
          if (error instanceof ModelbayApiError && error.statusCode === 400) return { kind: 'refused', message: error.message };
          throw error;
        }
        services.log.info(`Granted ${params.role} on ${account.label} to ${params.principalType.toLowerCase()} ${params.principalId}`);
        return { kind: 'granted', assignments: await readAssignments(client) };
      },
      async remove({ name }) {
        await client.delete(name);
        services.log.info(`Removed the role assignment ${name} of ${account.label}`);
        return readAssignments(client);
      },
    },
  });
  services.panels.add(subject, opened.panel);
}
