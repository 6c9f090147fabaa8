import type { RuntimeManager } from '../runtime/runtimeManager';
import type { AccountKey, Store } from '../store/repositories';

/** A service whose replicas keep crashing is Failed, with the reason, and its replicas are stopped. */
export async function markCrashLoop(store: Store, runtime: RuntimeManager, account: AccountKey, serviceId: string, reason: string): Promise<void> {
  const service = await store.services.get(account, serviceId);
  if (service) {
    await store.services.update(account, {
      ...service,
      state: 'Failed',
      error: { code: 'CrashLoop', message: reason, statusCode: 500 },
      updatedAt: new Date().toISOString(),
    });
  }
  await runtime.remove(serviceId);
}
