import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AccountKey } from '../store/repositories';

/** How long a download link in a job's Results works. */
export const DOWNLOAD_LINK_SECONDS = 24 * 60 * 60;

/**
 * Signs read-only, time-limited links to job outputs kept as assets, the way a SAS token signs a blob URL: the link
 * names the account, the asset and an expiry, and carries an HMAC of them under a key only this service holds
 * (`<data>/download-key`). Whoever has the link can GET that one asset until it expires, with no other credential.
 */
export class DownloadSigner {
  constructor(private readonly key: string) {}

  private signature(account: AccountKey, assetId: string, expiresAt: number): Buffer {
    return createHmac('sha256', this.key).update(`r\n${account}\n${assetId}\n${expiresAt}`).digest();
  }

  /** The query string of a link valid for DOWNLOAD_LINK_SECONDS from now: `?sp=r&se=<unix seconds>&sig=...`. */
  token(account: AccountKey, assetId: string, now = Date.now()): string {
    const expiresAt = Math.floor(now / 1000) + DOWNLOAD_LINK_SECONDS;
    return `?sp=r&se=${expiresAt}&sig=${this.signature(account, assetId, expiresAt).toString('base64url')}`;
  }

  /** True when the link's signature is this service's and it has not expired. */
  verify(account: AccountKey, assetId: string, expires: string | undefined, signature: string | undefined, now = Date.now()): boolean {
    if (!expires || !/^\d{1,12}$/.test(expires) || !signature) return false;
    const expiresAt = Number(expires);
    if (expiresAt * 1000 < now) return false;
    const expected = this.signature(account, assetId, expiresAt);
    const given = Buffer.from(signature, 'base64url');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}
