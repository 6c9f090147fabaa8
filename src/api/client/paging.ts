import type { Page } from '../schemas';

/** Fetches a page by its absolute nextLink. */
export type PageFetcher<T> = (nextLink: string) => Promise<Page<T>>;

/** Every item of a list, page after page, following nextLink until it is absent. */
export async function* iterateItems<T>(first: Page<T>, fetchNext: PageFetcher<T>): AsyncGenerator<T> {
  let page: Page<T> | undefined = first;
  while (page) {
    yield* page.value;
    page = page.nextLink ? await fetchNext(page.nextLink) : undefined;
  }
}

/** Collects a whole list (for tests and small lists; prefer iterating for big ones). */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
