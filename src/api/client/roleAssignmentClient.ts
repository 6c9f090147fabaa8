import type { Page } from '../schemas';
import type { RoleAssignment, RoleAssignmentPutRequest } from '../schemas/roleAssignment';
import type { PageQuery } from './accountClient';
import type { HttpClient } from './httpClient';
import { iterateItems } from './paging';

/** Who holds which role on one account: `{account}/roleAssignments`. Anyone with a role reads them; only an Owner (or the admin token) changes them. */
export class RoleAssignmentClient {
  constructor(
    private readonly http: HttpClient,
    private readonly basePath: string,
  ) {}

  async list(query: PageQuery = {}): Promise<Page<RoleAssignment>> {
    const params: Record<string, string | number> = {};
    if (query.count !== undefined) params.count = query.count;
    if (query.skipToken !== undefined) params.$skipToken = query.skipToken;
    return (await this.http.request<Page<RoleAssignment>>({ url: `${this.basePath}/roleAssignments`, params })).data;
  }

  /** Every assignment, page after page. */
  async *iterate(): AsyncGenerator<RoleAssignment> {
    yield* iterateItems(await this.list(), (next) => this.http.getAbsolute<Page<RoleAssignment>>(next));
  }

  async get(name: string): Promise<RoleAssignment> {
    return (await this.http.request<RoleAssignment>({ url: this.pathOf(name) })).data;
  }

  /** Creates or replaces the assignment called `name` (a GUID is usual). */
  async put(name: string, body: RoleAssignmentPutRequest): Promise<RoleAssignment> {
    return (await this.http.request<RoleAssignment>({ method: 'PUT', url: this.pathOf(name), data: body })).data;
  }

  /** Removes an assignment; false when there was none (204). A 409 refuses to remove the account's last Owner. */
  async delete(name: string): Promise<boolean> {
    const { status } = await this.http.request({ method: 'DELETE', url: this.pathOf(name) });
    return status === 200;
  }

  private pathOf(name: string): string {
    return `${this.basePath}/roleAssignments/${encodeURIComponent(name)}`;
  }
}
