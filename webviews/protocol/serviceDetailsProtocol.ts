import { hasShape, isBoolean, isNumber, isObject, isOptionalString, isString, type Method, type ParamsCheck } from './rpc';

export type LoggingLevel = 'None' | 'Error' | 'All';
export type EndpointState = 'Active' | 'Suspended';
export interface RateLimitView {
  calls: number;
  renewalPeriod: number;
}
export interface QuotaView {
  calls?: number;
  kilobytes?: number;
  renewalPeriod: number;
}

export interface EndpointView {
  name: string;
  description?: string;
  scoringUri: string;
  maxConcurrentCalls: number;
  loggingLevel: LoggingLevel;
  sampleDataEnabled: boolean;
  rateLimit?: RateLimitView;
  quota?: QuotaView;
  state: EndpointState;
  imageId?: string;
  primaryKeyMasked: string;
  secondaryKeyMasked: string;
}

export interface DeploymentView {
  createdAt: string;
  expiredAt?: string;
  status: string;
  image: string;
}

/** How to colour a state: ok (green), busy (blue), idle (grey), error (red); the same tones as the tree's icons. */
export type StatusTone = 'ok' | 'busy' | 'idle' | 'error';

export interface ServiceDetails {
  accountId: string;
  serviceId: string;
  name: string;
  /** The tree's words for the state: "running · 1 replica", "stopped · scaled to 0 replicas", "failed · CrashLoop". */
  state: string;
  tone: StatusTone;
  /** Whether calls can be scored now: only then are scoring URLs, Copy URL and Test offered. */
  scores: boolean;
  error?: string;
  scoringUri?: string;
  replicas: string;
  image: string;
  endpoints: EndpointView[];
  deployments: DeploymentView[];
  images: { id: string; label: string }[];
  /**
   * The caller may look but not change (a Reader: keys and changes both need Contributor): the panel shows the
   * service without keys, Test, Remove, the settings forms or the Add form.
   */
  readOnly?: boolean;
}

/** What the host pushes: the service as it is now (after any change), that it is gone, or why it could not be read. */
export type ServiceDetailsEvent =
  | { kind: 'details'; details: ServiceDetails }
  | { kind: 'gone'; message: string }
  | { kind: 'refreshFailed'; message: string };

export type KeyType = 'Primary' | 'Secondary';

export interface AddEndpointParams {
  name: string;
  description?: string;
  maxConcurrentCalls: number;
  loggingLevel: 'None' | 'Error' | 'All';
  sampleDataEnabled: boolean;
  imageId?: string;
}

/** An endpoint's settings as the form saves them: a policy left out (null) is removed from the endpoint. */
export interface EndpointSettings {
  endpoint: string;
  loggingLevel: LoggingLevel;
  sampleDataEnabled: boolean;
  rateLimit: RateLimitView | null;
  quota: QuotaView | null;
}

/** Actions answer when done; the panel's new contents arrive as a `details` event (the change is announced to all). */
export type ServiceDetailsMethods = {
  refresh: Method<Record<string, never>, ServiceDetails>;
  copyKey: Method<{ endpoint: string; keyType: KeyType }, null>;
  /** true when regenerated, false when the user said no. */
  regenerateKey: Method<{ endpoint: string; keyType: KeyType }, boolean>;
  copyText: Method<{ text: string }, null>;
  addEndpoint: Method<AddEndpointParams, null>;
  /** true when removed, false when the user said no. */
  removeEndpoint: Method<{ endpoint: string }, boolean>;
  testEndpoint: Method<{ endpoint: string }, null>;
  /** PATCHes the endpoint; a refusal comes back as the service's message (naming the field, `body/quota/...`). */
  saveEndpointSettings: Method<EndpointSettings, null>;
  /** Suspend (calls refused with 403, keys kept) or resume. */
  setEndpointState: Method<{ endpoint: string; state: EndpointState }, null>;
  /** Opens the service's Usage dashboard. */
  openUsage: Method<Record<string, never>, null>;
};

const isKeyType = (v: unknown): v is KeyType => v === 'Primary' || v === 'Secondary';
const isLogging = (v: unknown) => v === 'None' || v === 'Error' || v === 'All';
const isState = (v: unknown): v is EndpointState => v === 'Active' || v === 'Suspended';
const isOptionalNumber = (v: unknown) => v === undefined || isNumber(v);
const isRateLimit = (v: unknown) => v === null || hasShape(v, { calls: isNumber, renewalPeriod: isNumber });
const isQuota = (v: unknown) => v === null || (isObject(v) && hasShape(v, { calls: isOptionalNumber, kilobytes: isOptionalNumber, renewalPeriod: isNumber }));
const isEndpointParams = (p: unknown): p is { endpoint: string } => hasShape(p, { endpoint: isString });

export const serviceDetailsParamsCheck: ParamsCheck<ServiceDetailsMethods> = {
  refresh: (p): p is Record<string, never> => hasShape(p, {}),
  copyKey: (p): p is { endpoint: string; keyType: KeyType } => hasShape(p, { endpoint: isString, keyType: isKeyType }),
  regenerateKey: (p): p is { endpoint: string; keyType: KeyType } => hasShape(p, { endpoint: isString, keyType: isKeyType }),
  copyText: (p): p is { text: string } => hasShape(p, { text: isString }),
  addEndpoint: (p): p is AddEndpointParams =>
    hasShape(p, { name: isString, description: isOptionalString, maxConcurrentCalls: isNumber, loggingLevel: isLogging, sampleDataEnabled: isBoolean, imageId: isOptionalString }),
  removeEndpoint: isEndpointParams,
  testEndpoint: isEndpointParams,
  saveEndpointSettings: (p): p is EndpointSettings =>
    hasShape(p, { endpoint: isString, loggingLevel: isLogging, sampleDataEnabled: isBoolean, rateLimit: isRateLimit, quota: isQuota }),
  setEndpointState: (p): p is { endpoint: string; state: EndpointState } => hasShape(p, { endpoint: isString, state: isState }),
  openUsage: (p): p is Record<string, never> => hasShape(p, {}),
};
