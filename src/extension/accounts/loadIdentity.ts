import * as path from 'node:path';

export type IdentityModule = typeof import('./identity');

/** Loads dist/identity.js (the separately bundled @azure/identity) on first use. */
export function loadIdentity(): IdentityModule {
  // A computed path keeps the bundler from inlining it into the extension bundle.
  const file = path.join(__dirname, 'identity.js');
  return require(file) as IdentityModule;
}
