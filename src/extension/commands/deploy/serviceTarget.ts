import type { ServiceResponse } from '../../../api/schemas';
import type { Connection } from '../../accounts/accountConnections';

/** What a deploy ends with: a new service of that name, or the existing one updated with the new image. */
export type ServiceTarget = { kind: 'create'; name: string } | { kind: 'update'; service: ServiceResponse };

export const targetName = (target: ServiceTarget): string => (target.kind === 'create' ? target.name : target.service.name);

/** The service of that name in the account (names are unique in an account), if there is one. */
export async function findServiceNamed(connection: Connection, name: string): Promise<ServiceResponse | undefined> {
  const page = await connection.account.services.list({ serviceName: name, count: 5 });
  return page.value.find((s) => s.name === name);
}

/**
 * The service target for the name and what the user chose: checked before any work starts, so a taken name (or a
 * service gone meanwhile) is said at once instead of after registering, writing a manifest and building an image.
 */
export async function serviceTargetFor(connection: Connection, name: string, action: 'create' | 'update'): Promise<ServiceTarget> {
  const existing = await findServiceNamed(connection, name);
  if (action === 'create') {
    if (existing) throw new Error(`A service named ${name} already exists: choose another name, or update it.`);
    return { kind: 'create', name };
  }
  if (!existing) throw new Error(`There is no service named ${name} any more: deploy it as a new service.`);
  return { kind: 'update', service: existing };
}
