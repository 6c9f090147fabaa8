import * as vscode from 'vscode';
import type { TokenProvider } from '../../api/client/httpClient';
import { secretKey, type RemoteAccount } from './accountDefinitions';
import { loadIdentity, type IdentityModule } from './loadIdentity';

type TokenCredential = InstanceType<IdentityModule['ClientSecretCredential']>;

/**
 * The bearer token of a remote account, from where the user chose: a pasted token (SecretStorage), a client
 * secret or the Azure CLI / environment through @azure/identity, or VS Code's Microsoft sign-in. @azure/identity is
 * a separate bundle loaded only when an account needs it, so activation stays light.
 */
export function tokenProviderFor(account: RemoteAccount, secrets: vscode.SecretStorage): TokenProvider {
  const auth = account.auth;
  switch (auth.kind) {
    case 'pastedToken':
      return async () => {
        const token = await secrets.get(secretKey(account.id, 'token'));
        if (!token) throw new Error(`No token is stored for ${account.label}: paste one with Edit Account.`);
        return token;
      };
    case 'clientSecret': {
      let credential: Promise<Pick<TokenCredential, 'getToken'>> | undefined;
      return async () => {
        credential ??= (async () => {
          const secret = await secrets.get(secretKey(account.id, 'clientSecret'));
          if (!secret) throw new Error(`No client secret is stored for ${account.label}.`);
          const { ClientSecretCredential } = loadIdentity();
          return new ClientSecretCredential(auth.tenantId, auth.clientId, secret, {
            authorityHost: auth.authorityHost,
            disableInstanceDiscovery: auth.authorityHost !== undefined,
          });
        })();
        const token = await (await credential).getToken(auth.scope);
        if (!token) throw new Error(`The identity provider gave no token for ${auth.scope}.`);
        return token.token;
      };
    }
    case 'azureCli': {
      let credential: Promise<Pick<TokenCredential, 'getToken'>> | undefined;
      return async () => {
        credential ??= Promise.resolve().then(() => {
          const { ChainedTokenCredential, EnvironmentCredential, AzureCliCredential } = loadIdentity();
          return new ChainedTokenCredential(new EnvironmentCredential(), new AzureCliCredential());
        });
        const token = await (await credential).getToken(auth.scope);
        if (!token) throw new Error(`Neither the environment nor the Azure CLI gave a token for ${auth.scope}.`);
        return token.token;
      };
    }
    case 'microsoft':
      return async () => {
        const session = await vscode.authentication.getSession('microsoft', [auth.scope], { createIfNone: true });
        return session.accessToken;
      };
  }
}
