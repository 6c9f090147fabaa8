import { Type, type Static } from '@sinclair/typebox';
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { accountPath, type AccountRef } from '../../api/accountRef';
import { API_VERSION } from '../../api/apiVersion';
import { AccountSegment } from '../../api/schemas';
import type { ServiceContext } from '../context';
import { notFound } from '../errors';
import { accountKey, type AccountKey } from '../store/repositories';

/** The path every account-scoped route is registered under. */
export const ACCOUNT_ROUTE = '/api/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/accounts/:accountName';

export const AccountParams = Type.Object({
  subscriptionId: AccountSegment,
  resourceGroupName: AccountSegment,
  accountName: AccountSegment,
});
export type AccountParams = Static<typeof AccountParams>;

export const IdParam = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9._:-]+$' });

export interface ResolvedAccount {
  ref: AccountRef;
  key: AccountKey;
}

/** Loads the account a route is addressed to, or answers 404 AccountNotFound. */
export async function resolveAccount(context: ServiceContext, params: AccountParams): Promise<ResolvedAccount> {
  const ref: AccountRef = {
    subscriptionId: params.subscriptionId,
    resourceGroupName: params.resourceGroupName,
    accountName: params.accountName,
  };
  if (!(await context.store.accounts.get(ref))) throw notFound('Account', accountPath(ref));
  return { ref, key: accountKey(ref) };
}

/** The origin clients reach this service at: the configured public URL, or the one the request came to. */
export function serviceOrigin(context: ServiceContext, request: FastifyRequest): string {
  if (context.config.publicUrl) return context.config.publicUrl.replace(/\/+$/, '');
  return `${request.protocol}://${request.host}`;
}

/** An absolute URL of a management route under an account, ready to GET as it is (api-version included). */
export function apiUrl(context: ServiceContext, request: FastifyRequest, ref: AccountRef, suffix: string): string {
  return `${accountUrl(context, request, ref, suffix)}?api-version=${API_VERSION}`;
}

/** An absolute URL of a path under an account. */
export function accountUrl(context: ServiceContext, request: FastifyRequest, ref: AccountRef, suffix: string): string {
  return `${serviceOrigin(context, request)}${accountPath(ref)}${suffix}`;
}

/** The workspace id in classic RRS addresses: a stable digest of the account's address. */
export function workspaceIdOf(key: AccountKey): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}
