import type { Logger } from 'pino';
import type { RuntimeManager } from '../runtime/runtimeManager';
import type { PathHider } from '../serverPaths';
import type { Store } from '../store/repositories';

/**
 * After a restart, services that were Succeeded get their replicas back (replicas live in memory only). One that
 * no longer starts is marked Failed with the reason. Services mid-deployment are resumed by their operation.
 */
export async function restoreServices(store: Store, runtime: RuntimeManager, log: Logger, hidePaths: PathHider): Promise<void> {
  for (const { account, service } of await store.services.listAll()) {
    if (service.state !== 'Succeeded') continue;
    const image = await store.images.get(account, service.imageId);
    try {
      if (!image) throw new Error(`its image ${service.imageId} is gone`);
      await runtime.deploy(account, service, image);
      log.info({ service: service.name }, 'service restored after restart');
    } catch (error) {
      const message = hidePaths(`The service did not come back after a restart: ${(error as Error).message}`);
      log.warn({ service: service.name, err: error }, message);
      const latest = await store.services.get(account, service.id);
      if (latest) await store.services.update(account, { ...latest, state: 'Failed', error: { code: 'RestoreFailed', message } });
    }
  }
}
