import type { AccountClient } from '../../api/client/accountClient';
import type { Page } from '../../api/schemas';

/**
 * The pages of one list loaded so far. The first page loads on first use; "Load more..." follows nextLink; a
 * refresh starts again from the first page.
 */
export class Pager<T> {
  private items: T[] = [];
  private nextLink: string | undefined;
  private loaded = false;

  constructor(
    private readonly first: () => Promise<Page<T>>,
    private readonly next: (nextLink: string) => Promise<Page<T>>,
  ) {}

  async current(): Promise<{ items: T[]; hasMore: boolean }> {
    if (!this.loaded) await this.reload();
    return { items: this.items, hasMore: this.nextLink !== undefined };
  }

  async loadMore(): Promise<void> {
    if (!this.nextLink) return;
    const page = await this.next(this.nextLink);
    this.items = [...this.items, ...page.value];
    this.nextLink = page.nextLink;
  }

  reset(): void {
    this.loaded = false;
    this.items = [];
    this.nextLink = undefined;
  }

  private async reload(): Promise<void> {
    const page = await this.first();
    this.items = page.value;
    this.nextLink = page.nextLink;
    this.loaded = true;
  }
}

/** A pager over one account's list: the first page from `first`, the next ones by following nextLink there. */
export function accountPager<T>(connect: () => Promise<AccountClient>, first: (account: AccountClient) => Promise<Page<T>>): Pager<T> {
  return new Pager(
    async () => first(await connect()),
    async (nextLink) => (await connect()).getByLocation<Page<T>>(nextLink),
  );
}
