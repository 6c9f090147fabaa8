import type { ServiceResponse } from '../../api/schemas';
import type { RuntimeManager } from '../runtime/runtimeManager';
import type { AccountKey, Store } from '../store/repositories';

export interface ReconcileLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/**
 * Makes this instance's replicas of a service match the store: every instance serves every running service, so a
 * service created, updated, scaled or deleted on one instance is started, rolled or stopped on the others when
 * their change feed brings the change. A service mid-deployment is left alone until its operation (wherever it
 * runs) has made it Succeeded; a Failed one keeps what runs. One reconcile at a time per service, the last change
 * winning.
 */
export class ServiceReconciler {
  /** Per service, the last reconcile queued (each runs after the one before it). */
  private readonly chains = new Map<string, Promise<void>>();
  /** Services with a reconcile that has not started yet: it reads the store when it starts, so it covers later changes too. */
  private readonly waiting = new Set<string>();

  constructor(
    private readonly store: Pick<Store, 'services' | 'images'>,
    private readonly runtime: RuntimeManager,
    private readonly log: ReconcileLog,
  ) {}

  /** Reconciles the service soon, after any reconcile of it under way (a burst of changes collapses into one). */
  reconcile(account: AccountKey, serviceId: string): void {
    if (this.waiting.has(serviceId)) return;
    this.waiting.add(serviceId);
    const chain = (this.chains.get(serviceId) ?? Promise.resolve())
      .then(() => {
        this.waiting.delete(serviceId);
        return this.once(account, serviceId);
      })
      .catch((error: unknown) => this.log.warn({ service: serviceId, err: error }, 'could not bring the service to what the store holds'));
    this.chains.set(serviceId, chain);
    void chain.finally(() => {
      if (this.chains.get(serviceId) === chain) this.chains.delete(serviceId);
    });
  }

  /** Waits for every reconcile under way (shutdown). */
  async idle(): Promise<void> {
    await Promise.all([...this.chains.values()]);
  }

  private async once(account: AccountKey, serviceId: string): Promise<void> {
    const service = await this.store.services.get(account, serviceId);
    if (!service) {
      if (this.runtime.hosts(serviceId)) {
        this.log.info({ service: serviceId }, 'service deleted on another instance: its replicas here stop');
        await this.runtime.forget(serviceId);
      }
      return;
    }
    if (service.state !== 'Succeeded') return;
    await this.deploy(account, service);
  }

  private async deploy(account: AccountKey, service: ServiceResponse): Promise<void> {
    const image = await this.store.images.get(account, service.imageId);
    if (!image || this.runtime.runsAsAsked(service, image)) return;
    this.log.info({ service: service.name }, 'service changed on another instance: its replicas here follow');
    await this.runtime.deploy(account, service, image);
  }
}
