import { accountsCollectionPath, type AccountRef } from '../accountRef';
import type { Account, AccountPutRequest, Page } from '../schemas';
import { AccountClient, type PageQuery } from './accountClient';
import { HttpClient, type HttpOptions } from './httpClient';
import { iterateItems } from './paging';

/** The typed client of the Model Management API: accounts here, everything else through `account(ref)`. */
export class ModelbayClient {
  readonly http: HttpClient;

  constructor(options: HttpOptions) {
    this.http = new HttpClient(options);
  }

  account(ref: AccountRef): AccountClient {
    return new AccountClient(this.http, ref);
  }

  async putAccount(ref: AccountRef, body: AccountPutRequest = {}): Promise<Account> {
    const url = `${accountsCollectionPath(ref.subscriptionId, ref.resourceGroupName)}/${encodeURIComponent(ref.accountName)}`;
    return (await this.http.request<Account>({ method: 'PUT', url, data: body })).data;
  }

  async getAccount(ref: AccountRef): Promise<Account> {
    const url = `${accountsCollectionPath(ref.subscriptionId, ref.resourceGroupName)}/${encodeURIComponent(ref.accountName)}`;
    return (await this.http.request<Account>({ url })).data;
  }

  async listAccounts(subscriptionId: string, resourceGroupName: string, query: PageQuery = {}): Promise<Page<Account>> {
    const params: Record<string, string | number> = {};
    if (query.count !== undefined) params.count = query.count;
    if (query.skipToken !== undefined) params.$skipToken = query.skipToken;
    return (await this.http.request<Page<Account>>({ url: accountsCollectionPath(subscriptionId, resourceGroupName), params })).data;
  }

  async *iterateAccounts(subscriptionId: string, resourceGroupName: string): AsyncGenerator<Account> {
    const first = await this.listAccounts(subscriptionId, resourceGroupName);
    yield* iterateItems(first, (next) => this.http.getAbsolute<Page<Account>>(next));
  }
}
