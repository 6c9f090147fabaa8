import { AnonymousCredential, BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import type { BlobReference } from '../../../api/schemas';
import { invalidBlob, missingBlobInformation, storageNotAllowed } from '../jobErrors';
import { storageReach, StorageRefused, type StorageReach } from './storagePolicy';

/** A blob in Azure Storage (or an emulator the operator listed), with what signs requests to it. */
export interface AzureBlobLocation {
  kind: 'azure';
  /** The blob's URL without a query: `<account URL>/<container>/<blob>`. */
  url: URL;
  accountUrl: string;
  container: string;
  blob: string;
  reach: StorageReach;
  /** A shared key (from a connection string), a SAS query (`?sv=...`), or neither (a public container). */
  credential: StorageSharedKeyCredential | { sas: string } | AnonymousCredential;
}

/** Where a job reads an input or writes an output. `chosen`: an output left for the service to place (a new asset). */
export type BlobLocation = { kind: 'asset'; assetId: string } | AzureBlobLocation | { kind: 'chosen' };

const present = (value: string | null | undefined): value is string => typeof value === 'string' && value.trim() !== '';

const NEEDS = 'give ConnectionString and RelativeLocation ("container/blob"), BaseLocation, RelativeLocation and SasBlobToken, or AssetId.';

/** `container/blob` (with or without a leading `/`) split in two; the blob name may hold further `/`. */
function containerAndBlob(where: string, relative: string): { container: string; blob: string } {
  const trimmed = relative.replace(/^\/+/, '');
  const slash = trimmed.indexOf('/');
  const container = slash > 0 ? trimmed.slice(0, slash) : '';
  const blob = slash > 0 ? trimmed.slice(slash + 1) : '';
  if (!/^[a-z0-9](?:[a-z0-9-]{1,61}[a-z0-9])$|^\$root$/.test(container) || blob === '' || blob.length > 1024) {
    throw invalidBlob(where, `RelativeLocation '${relative}' is not "container/blob" (a container name of 3-63 lower-case letters, digits and dashes, then the blob name).`);
  }
  return { container, blob };
}

/**
 * Classic clients send `DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...` with no endpoint (Azure's
 * public cloud was meant); the SDK wants the suffix said, so it is added when neither it nor BlobEndpoint is there.
 */
function withEndpoint(connectionString: string): string {
  if (/(^|;)\s*(BlobEndpoint|EndpointSuffix|UseDevelopmentStorage)\s*=/i.test(connectionString)) return connectionString;
  return `${connectionString.replace(/;\s*$/, '')};EndpointSuffix=core.windows.net`;
}

function fromConnectionString(where: string, connectionString: string, relative: string): Omit<AzureBlobLocation, 'reach'> {
  let service: BlobServiceClient;
  try {
    service = BlobServiceClient.fromConnectionString(withEndpoint(connectionString));
  } catch (error) {
    throw invalidBlob(where, `the ConnectionString cannot be read (${(error as Error).message}).`);
  }
  const { container, blob } = containerAndBlob(where, relative);
  const account = new URL(service.url);
  const credential = service.credential instanceof StorageSharedKeyCredential ? service.credential : account.search ? { sas: account.search } : new AnonymousCredential();
  const accountUrl = `${account.origin}${account.pathname.replace(/\/+$/, '')}`;
  return { kind: 'azure', url: blobUrl(accountUrl, container, blob), accountUrl, container, blob, credential };
}

function fromBaseLocation(where: string, base: string, relative: string, sas: string | null | undefined): Omit<AzureBlobLocation, 'reach'> {
  let account: URL;
  try {
    account = new URL(base);
  } catch {
    throw invalidBlob(where, `BaseLocation '${base}' is not an absolute URL.`);
  }
  if (account.search || account.hash) throw invalidBlob(where, 'BaseLocation must not hold a query; put the SAS token in SasBlobToken.');
  const { container, blob } = containerAndBlob(where, relative);
  const accountUrl = `${account.origin}${account.pathname.replace(/\/+$/, '')}`;
  const token = present(sas) ? (sas.startsWith('?') ? sas : `?${sas}`) : '';
  return { kind: 'azure', url: blobUrl(accountUrl, container, blob), accountUrl, container, blob, credential: token ? { sas: token } : new AnonymousCredential() };
}

function blobUrl(accountUrl: string, container: string, blob: string): URL {
  return new URL(`${accountUrl}/${container}/${blob.split('/').map(encodeURIComponent).join('/')}`);
}

/**
 * Reads a blob reference of the submit body (`where` names it: "Input", "Inputs.input1", "Outputs.output1") and
 * checks its storage is one the service may talk to. Nothing is connected to here.
 */
export function blobLocation(where: string, reference: BlobReference, role: 'input' | 'output', allowedPrefixes: readonly string[]): BlobLocation {
  if (reference.AssetId !== undefined) {
    if (role === 'output') throw invalidBlob(where, 'an output cannot be an existing asset (assets never change); leave its location empty and the job writes a new asset.');
    return { kind: 'asset', assetId: reference.AssetId };
  }
  const relative = reference.RelativeLocation;
  let location: Omit<AzureBlobLocation, 'reach'>;
  if (present(reference.ConnectionString)) {
    if (!present(relative)) throw missingBlobInformation(where, `RelativeLocation is missing; ${NEEDS}`);
    location = fromConnectionString(where, reference.ConnectionString, relative);
  } else if (present(reference.BaseLocation)) {
    if (!present(relative)) throw missingBlobInformation(where, `RelativeLocation is missing; ${NEEDS}`);
    location = fromBaseLocation(where, reference.BaseLocation, relative, reference.SasBlobToken);
  } else if (role === 'output' && !present(relative)) {
    return { kind: 'chosen' };
  } else {
    throw missingBlobInformation(where, present(relative) ? `RelativeLocation alone is not enough; ${NEEDS}` : NEEDS);
  }
  try {
    return { ...location, reach: storageReach(location.url, allowedPrefixes) };
  } catch (error) {
    if (error instanceof StorageRefused) throw storageNotAllowed(where, error.message);
    throw error;
  }
}
