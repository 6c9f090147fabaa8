/**
 * libsql answers synchronously, but the repository interface is async so that a networked store (PostgreSQL) fits
 * behind it too. Runs `body` at once and hands back its result, or what it threw, as a promise: what an `async`
 * function without an `await` does, said without one.
 */
export function asPromise<T>(body: () => T): Promise<T> {
  return new Promise((resolve) => resolve(body()));
}
