import { loadBundle } from '../core/loadBundle';

export type IdentityModule = typeof import('./identity');

/** Loads dist/identity.js (the separately bundled @azure/identity) on first use. */
export function loadIdentity(): IdentityModule {
  return loadBundle<IdentityModule>('identity');
}
