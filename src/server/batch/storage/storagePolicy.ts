import { promises as dns, lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { Agent } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPrivateAddress } from './privateAddress';

/** Why the service will not talk to a storage location a job names (answered to the caller as it is). */
export class StorageRefused extends Error {}

/** Azure's public blob endpoints (`https://<account>.blob.core.windows.net/`), the only storage allowed unlisted. */
const AZURE_PUBLIC_BLOB_HOST = /^[a-z0-9]{3,24}\.blob\.core\.windows\.net$/;

/** How a permitted location is reached: listed by the operator (as it is), or a public Azure endpoint (guarded). */
export type StorageReach = 'listed' | 'public';

/** True when `url` lies under `prefix`, at a path boundary (`.../devstoreaccount1` does not admit `.../devstoreaccount10`). */
function isUnder(url: string, prefix: string): boolean {
  if (!url.startsWith(prefix)) return false;
  if (prefix.endsWith('/')) return true;
  const next = url.charAt(prefix.length);
  return next === '' || next === '/' || next === '?';
}

/**
 * Checks a storage URL against the policy before anything connects: a prefix in `allowedStorageUrlPrefixes`, or
 * https on Azure's public blob endpoint and default port. Anything else is refused with a message that says how to
 * admit it.
 */
export function storageReach(url: URL, allowedPrefixes: readonly string[]): StorageReach {
  if (url.username || url.password) throw new StorageRefused('A storage URL must not carry a user name or password.');
  const plain = `${url.protocol}//${url.host}${url.pathname}`;
  if (allowedPrefixes.some((prefix) => isUnder(plain, prefix))) return 'listed';
  if (url.protocol === 'https:' && url.port === '' && AZURE_PUBLIC_BLOB_HOST.test(url.hostname)) return 'public';
  throw new StorageRefused(
    `The storage location ${url.origin} is not allowed: this service reaches Azure's public blob endpoints (https://<account>.blob.core.windows.net/) and the prefixes its operator lists in allowedStorageUrlPrefixes of config.json.`,
  );
}

const refusedAddress = (hostname: string, address: string) =>
  new StorageRefused(`The storage host ${hostname} resolves to ${address}, a private or loopback address; the service does not connect there unless its operator lists the location in allowedStorageUrlPrefixes.`);

/** Resolves a public location's host and refuses it when any address it has is private: checked before connecting. */
export async function assertPublicHost(hostname: string, resolve: typeof dns.lookup = dns.lookup): Promise<void> {
  const addresses = isIP(hostname) ? [{ address: hostname }] : await resolve(hostname, { all: true, verbatim: true });
  const inside = addresses.find((a) => isPrivateAddress(a.address));
  if (inside) throw refusedAddress(hostname, inside.address);
}

/**
 * The DNS lookup the guarded agent connects with: the same answer the system gives, refused when it holds a private
 * address. Every connection resolves through it, so a name that changes its answer after the check above is still
 * never connected to inside.
 */
const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const inside = addresses.find((a) => isPrivateAddress(a.address));
    if (inside) return callback(refusedAddress(hostname, inside.address), '', 0);
    if (options.all) return (callback as unknown as (e: null, all: LookupAddress[]) => void)(null, addresses);
    const first = addresses[0]!;
    callback(null, first.address, first.family);
  });
};

/** The https agent for public storage locations: keep-alive, and every connection's address checked. */
export function guardedAgent(): Agent {
  return new Agent({ keepAlive: true, lookup: guardedLookup });
}
