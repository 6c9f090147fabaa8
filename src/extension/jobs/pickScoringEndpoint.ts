import * as vscode from 'vscode';
import type { Endpoint } from '../../api/schemas';
import type { AccountHandle } from '../accounts/accountConnections';
import { resolveAccount } from '../commands/pickers';
import { required } from '../core/registerCommand';
import { serviceStatus } from '../core/serviceStatus';
import type { ExtensionServices } from '../extensionServices';

export interface ScoringEndpoint {
  account: AccountHandle;
  endpoint: Endpoint;
}

/** Says which endpoint, when a command is told (a test, a script): the account, the service by name or id, the endpoint. */
export interface EndpointChoice {
  accountId?: string;
  service?: string;
  endpoint?: string;
}

/**
 * The endpoint to score with: of the running services of an account (the only one, or the one picked), the only
 * endpoint, or the one picked ("iris · default"). A stopped or failed service scores nothing, so it is not offered.
 */
export async function pickScoringEndpoint(services: ExtensionServices, choice: EndpointChoice = {}): Promise<ScoringEndpoint> {
  const account = choice.accountId ? services.connections.handle(choice.accountId) : await resolveAccount(services);
  if (!account) throw new Error(`There is no account ${choice.accountId ?? ''}.`);
  const connection = await services.connections.connect(account.id);
  const running = (await connection.account.services.list({ count: 200 })).value.filter((s) => serviceStatus(s).scores);
  const wanted = choice.service ? running.filter((s) => s.name === choice.service || s.id === choice.service) : running;
  if (wanted.length === 0) {
    throw new Error(choice.service ? `No running service ${choice.service} in ${account.label}.` : `No service of ${account.label} is running: deploy a model first.`);
  }
  const endpoints = (await Promise.all(wanted.map((s) => connection.account.services.endpoints(s.id)))).flat();
  const candidates = choice.endpoint ? endpoints.filter((e) => e.name === choice.endpoint) : endpoints;
  if (candidates.length === 0) throw new Error(`No endpoint ${choice.endpoint ?? ''} on ${wanted.map((s) => s.name).join(', ')}.`);
  if (candidates.length === 1) return { account, endpoint: candidates[0]! };
  const picked = await vscode.window.showQuickPick(
    candidates.map((e) => ({ label: `${e.serviceName} · ${e.name}`, description: e.description, detail: e.scoringUri, endpoint: e })),
    { title: 'Score with which endpoint?', ignoreFocusOut: true, matchOnDescription: true },
  );
  return { account, endpoint: required(picked).endpoint };
}
