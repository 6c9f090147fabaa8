import { hasShape, isBoolean, isOptionalString, isString, isStringArray, type Method, type ParamsCheck } from './rpc';

export interface AccountChoice {
  id: string;
  label: string;
}

export interface PickedSource {
  path: string;
  /** What the form shows: the path relative to its workspace folder (the full path outside any). */
  label: string;
  isFolder: boolean;
  suggestedName: string;
  mimeType: string;
}

export interface RegisterInit {
  accounts: AccountChoice[];
  accountId: string;
  source?: PickedSource;
}

export interface RegisterParams {
  accountId: string;
  path: string;
  name: string;
  description?: string;
  tags: string[];
  mimeType: string;
}

export type RegisterMethods = {
  pickSource: Method<{ folder: boolean }, PickedSource | null>;
  register: Method<RegisterParams, { id: string; name: string; version: number }>;
  deployIt: Method<{ accountId: string; modelId: string }, null>;
};

export type RegisterEvent = { kind: 'progress'; message: string };

export const registerParamsCheck: ParamsCheck<RegisterMethods> = {
  pickSource: (p): p is { folder: boolean } => hasShape(p, { folder: isBoolean }),
  register: (p): p is RegisterParams =>
    hasShape(p, { accountId: isString, path: isString, name: isString, description: isOptionalString, tags: isStringArray, mimeType: isString }),
  deployIt: (p): p is { accountId: string; modelId: string } => hasShape(p, { accountId: isString, modelId: isString }),
};
