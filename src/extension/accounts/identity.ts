// Bundled on its own (dist/identity.js) and loaded only when a remote account needs @azure/identity: the library
// and MSAL are most of the extension's weight, and most users never need them.
export { AzureCliCredential, ChainedTokenCredential, ClientSecretCredential, EnvironmentCredential } from '@azure/identity';
export type { TokenCredential } from '@azure/identity';
