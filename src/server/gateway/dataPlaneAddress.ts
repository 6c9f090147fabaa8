import type { Refusal } from './refusal';

/** A call to one of the data plane's hot routes, read from its method and URL. */
export interface DataPlaneAddress {
  endpointId: string;
  /** Set at the classic RRS address `/workspaces/{ws}/services/{endpoint}/execute`: the body must be RRS tables. */
  workspaceId: string | undefined;
  /** `details=true`: RRS answers carry ColumnTypes. */
  details: boolean;
  /** `format=swagger`: RRS rows as objects, in and out. */
  records: boolean;
  /** The `subscription-key` query parameter (API Management's way to send the key in the address). */
  queryKey: string | undefined;
}

const ENDPOINT_ID = /^[0-9a-f-]{36}$/;
const MAX_WORKSPACE_ID = 64;

const badAddress = (message: string): Refusal => ({ status: 400, code: 'InvalidRequest', message });

/**
 * Which hot data-plane call a request is: `POST /score/{endpoint}` or `POST /workspaces/{ws}/services/{endpoint}/execute`
 * (query: `details`, `format`; `api-version` is taken as it comes, as the classic services did). Undefined for
 * anything else, which fastify answers (GET /score/{endpoint}/schema, wrong methods and paths: its 404s as before).
 * A hot route with an id that cannot be one is refused here with 400, as the route's schema did.
 */
export function dataPlaneAddress(method: string | undefined, url: string | undefined): DataPlaneAddress | Refusal | undefined {
  if (method !== 'POST' || url === undefined) return undefined;
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  let endpointId: string;
  let workspaceId: string | undefined;
  if (path.startsWith('/score/')) {
    endpointId = path.slice('/score/'.length);
    if (endpointId === '' || endpointId.includes('/')) return undefined;
  } else if (path.startsWith('/workspaces/')) {
    const parts = path.split('/'); // ['', 'workspaces', ws, 'services', endpoint, 'execute']
    if (parts.length !== 6 || parts[3] !== 'services' || parts[5] !== 'execute' || parts[2] === '' || parts[4] === '') return undefined;
    workspaceId = parts[2]!;
    endpointId = parts[4]!;
    if (workspaceId.length > MAX_WORKSPACE_ID) return badAddress(`The workspace id in the address is longer than ${MAX_WORKSPACE_ID} characters.`);
  } else return undefined;
  if (!ENDPOINT_ID.test(endpointId)) return badAddress('The endpoint id in the address is not one: 36 characters of 0-9, a-f and "-".');
  let details = false;
  let records = false;
  let queryKey: string | undefined;
  if (queryAt !== -1) {
    const query = new URLSearchParams(url.slice(queryAt + 1));
    details = query.get('details') === 'true';
    records = query.get('format') === 'swagger';
    queryKey = query.get('subscription-key') ?? undefined;
  }
  return { endpointId, workspaceId, details, records, queryKey };
}

export const isRefusal = (value: DataPlaneAddress | Refusal): value is Refusal => 'status' in value;
