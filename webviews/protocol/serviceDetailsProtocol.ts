import { hasShape, isBoolean, isNumber, isOptionalString, isString, type Method, type ParamsCheck } from './rpc';

export interface EndpointView {
  name: string;
  description?: string;
  scoringUri: string;
  maxConcurrentCalls: number;
  loggingLevel: string;
  sampleDataEnabled: boolean;
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

export interface ServiceDetails {
  accountId: string;
  serviceId: string;
  name: string;
  state: string;
  error?: string;
  scoringUri?: string;
  replicas: string;
  image: string;
  endpoints: EndpointView[];
  deployments: DeploymentView[];
  images: { id: string; label: string }[];
}

export type KeyType = 'Primary' | 'Secondary';

export interface AddEndpointParams {
  name: string;
  description?: string;
  maxConcurrentCalls: number;
  loggingLevel: 'None' | 'Error' | 'All';
  sampleDataEnabled: boolean;
  imageId?: string;
}

export type ServiceDetailsMethods = {
  refresh: Method<Record<string, never>, ServiceDetails>;
  copyKey: Method<{ endpoint: string; keyType: KeyType }, null>;
  regenerateKey: Method<{ endpoint: string; keyType: KeyType }, ServiceDetails | null>;
  copyText: Method<{ text: string }, null>;
  addEndpoint: Method<AddEndpointParams, ServiceDetails>;
  testEndpoint: Method<{ endpoint: string }, null>;
};

const isKeyType = (v: unknown): v is KeyType => v === 'Primary' || v === 'Secondary';
const isLogging = (v: unknown) => v === 'None' || v === 'Error' || v === 'All';

export const serviceDetailsParamsCheck: ParamsCheck<ServiceDetailsMethods> = {
  refresh: (p): p is Record<string, never> => hasShape(p, {}),
  copyKey: (p): p is { endpoint: string; keyType: KeyType } => hasShape(p, { endpoint: isString, keyType: isKeyType }),
  regenerateKey: (p): p is { endpoint: string; keyType: KeyType } => hasShape(p, { endpoint: isString, keyType: isKeyType }),
  copyText: (p): p is { text: string } => hasShape(p, { text: isString }),
  addEndpoint: (p): p is AddEndpointParams =>
    hasShape(p, { name: isString, description: isOptionalString, maxConcurrentCalls: isNumber, loggingLevel: isLogging, sampleDataEnabled: isBoolean, imageId: isOptionalString }),
  testEndpoint: (p): p is { endpoint: string } => hasShape(p, { endpoint: isString }),
};
