import type { Agent } from 'node:https';
import type { Readable } from 'node:stream';
import { AnonymousCredential, BlobSASPermissions, BlockBlobClient, newPipeline, RestError, StorageSharedKeyCredential, type RequestPolicyFactory } from '@azure/storage-blob';
import { DOWNLOAD_LINK_SECONDS } from '../downloadSigner';
import type { AzureBlobLocation } from './blobLocation';
import { assertPublicHost, StorageRefused } from './storagePolicy';

/** Sends every request of a pipeline through `agent` (the guarded one for public endpoints). */
function agentPolicy(agent: Agent): RequestPolicyFactory {
  return {
    create: (next) => ({
      sendRequest(request) {
        request.agent = agent;
        return next.sendRequest(request);
      },
    }),
  };
}

/**
 * Clients for the blobs jobs read and write. Public endpoints are resolved and checked before the first request,
 * and every connection to them goes through the guarded agent; listed locations are reached as they are.
 */
export class AzureBlobs {
  constructor(
    private readonly guarded: Agent,
    /** The check of a public host before the first request (a test gives its own, to reach the agent's). */
    private readonly checkHost: (hostname: string) => Promise<void> = (hostname) => assertPublicHost(hostname),
  ) {}

  /** A client for the blob, after its host was checked (refuses with StorageRefused). */
  async client(location: AzureBlobLocation): Promise<BlockBlobClient> {
    if (location.reach === 'public') await this.checkHost(location.url.hostname);
    const credential = 'sas' in location.credential ? new AnonymousCredential() : location.credential;
    const pipeline = newPipeline(credential, { retryOptions: { maxTries: 3, retryDelayInMs: 500, maxRetryDelayInMs: 4000 } });
    if (location.reach === 'public') pipeline.factories.unshift(agentPolicy(this.guarded));
    const sas = 'sas' in location.credential ? location.credential.sas : '';
    return new BlockBlobClient(`${location.url.href}${sas}`, pipeline);
  }

  /** The blob's size, or undefined when it does not exist. */
  async size(location: AzureBlobLocation): Promise<number | undefined> {
    const client = await this.client(location);
    try {
      return (await client.getProperties()).contentLength ?? 0;
    } catch (error) {
      if (error instanceof RestError && error.statusCode === 404) return undefined;
      throw error;
    }
  }

  /** The blob's bytes as a stream (one GET, read as the job goes; a broken connection is resumed where it broke). */
  async read(location: AzureBlobLocation, signal: AbortSignal): Promise<Readable> {
    const client = await this.client(location);
    const response = await client.download(0, undefined, { abortSignal: signal, maxRetryRequests: 5 });
    if (!response.readableStreamBody) throw new Error('the storage service answered no body');
    return response.readableStreamBody as Readable;
  }

  /**
   * Where a finished job's output downloads from: the blob URL in two parts and a read-only SAS valid as long as
   * an asset download link; with a SAS of the caller's own, that token; a public container, none.
   */
  async readLink(location: AzureBlobLocation): Promise<{ base: string; relative: string; sas: string }> {
    const relative = location.url.href.slice(location.accountUrl.length);
    if ('sas' in location.credential) return { base: location.accountUrl, relative, sas: location.credential.sas };
    if (!(location.credential instanceof StorageSharedKeyCredential)) return { base: location.accountUrl, relative, sas: '' };
    const client = new BlockBlobClient(location.url.href, location.credential);
    const url = await client.generateSasUrl({ permissions: BlobSASPermissions.parse('r'), expiresOn: new Date(Date.now() + DOWNLOAD_LINK_SECONDS * 1000) });
    return { base: location.accountUrl, relative, sas: new URL(url).search };
  }
}

/** A storage failure in words for a job's Details or a 400 (never the SDK's request dump). */
export function storageFailure(error: unknown): string {
  if (error instanceof StorageRefused) return error.message;
  if (error instanceof RestError) {
    const code = error.code ? ` (${error.code})` : '';
    return `the storage service answered ${error.statusCode ?? 'no status'}${code}: ${error.message.split('\n')[0]}`;
  }
  return error instanceof Error ? error.message : String(error);
}
