import { accountPath, type AccountRef } from '../api/accountRef';

export function assetUrlPath(assetId: string): string {
  return `/assets/${assetId}`;
}

/** The asset id an asset URL of this account names (whatever origin it was issued under), or undefined. */
export function assetIdFromUrl(ref: AccountRef, url: URL): string | undefined {
  if (url.search !== '' || url.hash !== '') return undefined;
  const prefix = `${accountPath(ref)}/assets/`;
  if (!url.pathname.startsWith(prefix)) return undefined;
  const id = url.pathname.slice(prefix.length);
  return /^[A-Za-z0-9-]{1,100}$/.test(id) ? id : undefined;
}
