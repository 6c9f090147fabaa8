import type { KeySource } from './scoreCall';

/** The part of SecretStorage this needs (so this file stays free of `vscode` and is unit-tested in Node). */
export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
}

/** Reads an endpoint's keys from the service (ServiceClient.endpointKeys). */
export type ReadEndpointKeys = () => Promise<{ primaryKey: string }>;

/** Where an endpoint's key is kept between sends; one secret per account and endpoint. */
export const endpointKeySecret = (accountId: string, endpointId: string) => `modelbay.endpointKey.${accountId}.${endpointId}`;

/**
 * The endpoint key for sending requests: kept in SecretStorage so a send costs no extra call to the management
 * API, read from the service when it is not there yet or when the service refused it (it may have been
 * regenerated). The primary key is used: it is the one a customer is normally given.
 */
export function endpointKeySource(secrets: SecretStore, secretName: string, readKeys: ReadEndpointKeys): KeySource {
  const readAndStore = async () => {
    const { primaryKey } = await readKeys();
    await secrets.store(secretName, primaryKey);
    return primaryKey;
  };
  return {
    current: async () => (await secrets.get(secretName)) ?? readAndStore(),
    refresh: readAndStore,
  };
}
