import type { RequestFormat } from './requestDocument';

/** The two addresses every endpoint has (a subset of the API's Endpoint, so this file needs no schema import). */
export interface EndpointAddresses {
  scoringUri: string;
  rrsUri: string;
}

/**
 * Where a request of this format goes: the scoring URL takes any JSON; the RRS URL takes the classic table and,
 * like the classic service, wants `api-version=2.0`; `details=true` asks for column names and types back.
 */
export function requestUrl(endpoint: EndpointAddresses, format: RequestFormat): string {
  if (format === 'score') return endpoint.scoringUri;
  const url = new URL(endpoint.rrsUri);
  url.searchParams.set('api-version', '2.0');
  url.searchParams.set('details', 'true');
  return url.toString();
}
