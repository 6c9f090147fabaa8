import type { Store } from '../store/repositories';
import type { EndpointDirectory } from './endpointDirectory';

/** Runs `write`, then forgets what it changed, whether it succeeded or not (a failed write may have half-happened). */
function thenForget<A extends unknown[], R>(write: (...args: A) => Promise<R>, forget: (...args: A) => void): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await write(...args);
    } finally {
      forget(...args);
    }
  };
}

/**
 * The store, with every write that can change what a scoring call sees about an endpoint (its keys, settings,
 * existence, or its service's existence) telling the directory to forget it. Wrapping the repositories rather
 * than the routes means no route, present or future, can change an endpoint and leave a stale copy behind.
 */
export function invalidatingStore(store: Store, directory: EndpointDirectory): Store {
  const endpoints = store.endpoints;
  const services = store.services;
  return {
    ...store,
    // The repositories are plain objects of closures (no `this`), so spreading keeps every read as it is.
    endpoints: {
      ...endpoints,
      create: thenForget((account, endpoint, keys) => endpoints.create(account, endpoint, keys), (_a, endpoint) => directory.forgetId(endpoint.id)),
      update: thenForget((account, endpoint) => endpoints.update(account, endpoint), (_a, endpoint) => directory.forgetId(endpoint.id)),
      setKeys: thenForget((id, keys) => endpoints.setKeys(id, keys), (id) => directory.forgetId(id)),
      delete: thenForget(
        (account, serviceId, name) => endpoints.delete(account, serviceId, name),
        (account, serviceId, name) => directory.forget((e) => e.account === account && e.endpoint.serviceId === serviceId && e.endpoint.name === name),
      ),
    },
    services: {
      ...services,
      delete: thenForget((account, id) => services.delete(account, id), (account, id) => directory.forget((e) => e.account === account && e.endpoint.serviceId === id)),
    },
  };
}
