import type { Endpoint } from '../../api/schemas';
import { workspaceIdOf } from '../routes/accountScope';
import { keyBytes } from '../services/endpointKeys';
import { policyField } from './rateLimitFields';
import type { AccountKey, EndpointRepository } from '../store/repositories';

/** What a scoring call needs to know about its endpoint, kept in memory between changes. */
export interface ScoringEndpoint {
  account: AccountKey;
  endpoint: Endpoint;
  /** The primary and secondary key as bytes, ready for a constant-time comparison. */
  keyBytes: Buffer[];
  /** The account's workspace id, as the classic RRS address names it. */
  workspaceId: string;
  /** The endpoint's policies as the RateLimit-Policy field, made once. */
  policyField: string;
}

/**
 * The endpoints scoring calls address, read from the store once and then answered from memory, so a scoring call
 * reads nothing from the store. Every write to an endpoint (keys, settings, deletion, its service's deletion)
 * goes through `invalidatingStore`, which forgets the entry before the write's promise resolves: the next call
 * reads the new state, so a regenerated key is refused the moment the regenerate call returns.
 *
 * One process owns the store today (SQLite). Several instances sharing PostgreSQL would each need to hear about
 * the others' writes (LISTEN/NOTIFY) before they may cache: that comes with the shared store.
 */
export class EndpointDirectory {
  private readonly entries = new Map<string, ScoringEndpoint>();
  private readonly loading = new Map<string, Promise<ScoringEndpoint | undefined>>();
  /** Bumped by every change: a read that overlapped a change answers its own call but is not kept. */
  private generation = 0;

  constructor(private readonly endpoints: Pick<EndpointRepository, 'find'>) {}

  /** The endpoint from memory, without waiting; undefined when it must be read (or does not exist). */
  cached(id: string): ScoringEndpoint | undefined {
    return this.entries.get(id);
  }

  /** Reads the endpoint from the store (once for concurrent callers) and keeps it until it changes. */
  load(id: string): Promise<ScoringEndpoint | undefined> {
    const known = this.entries.get(id);
    if (known) return Promise.resolve(known);
    let pending = this.loading.get(id);
    if (!pending) {
      const generation = this.generation;
      pending = this.endpoints.find(id).then(
        (found) => {
          this.loading.delete(id);
          if (!found) return undefined; // unknown ids are not kept: a scan of random ids must not fill memory
          const entry = { account: found.account, endpoint: found.endpoint, keyBytes: keyBytes(found.keys), workspaceId: workspaceIdOf(found.account), policyField: policyField(found.endpoint) };
          if (generation === this.generation) this.entries.set(id, entry);
          return entry;
        },
        (error: unknown) => {
          this.loading.delete(id);
          throw error;
        },
      );
      this.loading.set(id, pending);
    }
    return pending;
  }

  /** Forgets the endpoints `matches` picks (all of them when it is absent). */
  forget(matches?: (entry: ScoringEndpoint) => boolean): void {
    this.generation++;
    // A read in flight started before this change: later callers must not join it.
    this.loading.clear();
    for (const [id, entry] of this.entries) if (!matches || matches(entry)) this.entries.delete(id);
  }

  forgetId(id: string): void {
    this.forget((entry) => entry.endpoint.id === id);
  }
}
