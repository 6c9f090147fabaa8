import { BlobServiceClient, type ContainerClient, type StoragePipelineOptions } from '@azure/storage-blob';

/** The default container when the config names none. */
export const DEFAULT_CONTAINER = 'modelbay';

/**
 * Retries kept short: a request that cannot reach the storage fails within seconds with the reason (a caller gets
 * a 503, never a hang), and each try of a large block has a minute before it is abandoned and retried.
 */
const PIPELINE: StoragePipelineOptions = {
  retryOptions: { maxTries: 3, retryDelayInMs: 500, maxRetryDelayInMs: 4000, tryTimeoutInMs: 60_000 },
};

export interface Container {
  client: ContainerClient;
  /** `<endpoint>/<container>` without any query (a SAS token is a credential too): safe for logs and messages. */
  location: string;
}

/** `UseDevelopmentStorage=true`, `AccountName=...;AccountKey=...` etc. turned into a client; the string is never echoed. */
function serviceClient(connectionString: string): BlobServiceClient {
  try {
    return BlobServiceClient.fromConnectionString(connectionString, PIPELINE);
  } catch {
    throw new Error(
      'blobs: not an Azure Storage connection string (expected e.g. "DefaultEndpointsProtocol=https;AccountName=...;AccountKey=...;' +
        'EndpointSuffix=core.windows.net", or "UseDevelopmentStorage=true" for Azurite)',
    );
  }
}

/** The reason of a storage failure, without the request's headers (the SDK's message carries no key). */
export function reasonOf(error: unknown): string {
  const rest = error as { statusCode?: number; code?: string; message?: string };
  const first = (rest.message ?? String(error)).split('\n')[0]!;
  return rest.statusCode ? `${rest.statusCode} ${rest.code ?? ''}: ${first}`.replace(' :', ':') : first;
}

/**
 * Connects to the account and creates the container when it is missing. A storage that does not answer stops the
 * start with a message naming the account and endpoint (never the key), within seconds.
 */
export async function openContainer(connectionString: string, containerName: string): Promise<Container> {
  if (!/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/.test(containerName)) {
    throw new Error(`blobs container '${containerName}' is not a valid container name (3-63 lower-case letters, digits and single hyphens)`);
  }
  const service = serviceClient(connectionString);
  const client = service.getContainerClient(containerName);
  const endpoint = new URL(service.url);
  const location = `${endpoint.origin}${endpoint.pathname.replace(/\/$/, '')}/${containerName}`;
  try {
    await client.createIfNotExists({ abortSignal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new Error(`Cannot use Azure Blob Storage account '${service.accountName}' at ${location}: ${reasonOf(error)}`, { cause: error });
  }
  return { client, location };
}
