import type { FastifyRequest } from 'fastify';
import { accountPath } from '../../api/accountRef';
import { assetIdFromUrl } from '../assetAddress';
import type { ServiceContext } from '../context';
import { badRequest } from '../errors';
import type { AssetRecord } from '../store/repositories';
import { serviceOrigin, type ResolvedAccount } from './accountScope';

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** A URL a model or manifest cites: one of our assets, or an address the operator's allow-list admits. */
export type CitedContent = { kind: 'asset'; asset: AssetRecord } | { kind: 'allowed'; url: string };

/**
 * Checks a URL a request cites as content. Only asset URLs this service issued for this account resolve; any
 * other address is refused unless it starts with a prefix in the service's allow-list. Nothing is fetched here.
 */
export async function resolveCitedUrl(
  context: ServiceContext,
  request: FastifyRequest,
  account: ResolvedAccount,
  field: string,
  cited: string,
): Promise<CitedContent> {
  let url: URL;
  try {
    url = new URL(cited);
  } catch {
    throw badRequest('InvalidUrl', `${field} '${cited}' is not an absolute URL.`);
  }
  const ours = new Set([serviceOrigin(context, request)]);
  if (context.config.publicUrl) ours.add(new URL(context.config.publicUrl).origin);
  // A local service gets a new port on each start: its earlier asset URLs differ only in the loopback port.
  const sameMachine = isLoopback(url.hostname) && isLoopback(new URL(serviceOrigin(context, request)).hostname);
  if ((ours.has(url.origin) || sameMachine) && url.pathname.startsWith(`${accountPath(account.ref)}/assets/`)) {
    const id = assetIdFromUrl(account.ref, url);
    const asset = id === undefined ? undefined : await context.store.assets.get(account.key, id);
    if (!asset) throw badRequest('AssetNotFound', `${field} '${cited}' names an asset that does not exist in this account.`);
    return { kind: 'asset', asset };
  }
  if (context.config.allowedUrlPrefixes.some((prefix) => cited.startsWith(prefix))) return { kind: 'allowed', url: cited };
  throw badRequest(
    'UntrustedUrl',
    `${field} '${cited}' is not an asset URL of this service. Upload the file with POST ${accountPath(account.ref)}/assets and cite the url it answers.`,
  );
}
