import type { ServiceResponse } from '../../api/schemas';
import { ApiError } from '../errors';
import type { OperationHandler, RecordOf } from '../operations/operationRunner';
import type { RuntimeManager } from '../runtime/runtimeManager';
import type { AccountKey, Store } from '../store/repositories';

/** The operation behind POST and PUT /services: (re)deploys the image and keeps service and deployment in step. */
export function deployServiceOperation(store: Store, runtime: RuntimeManager): OperationHandler<'deployService'> {
  const serviceOf = async (record: RecordOf<'deployService'>): Promise<ServiceResponse> => {
    const service = await store.services.get(record.account, record.work.serviceId);
    if (!service) throw new ApiError(404, 'ServiceNotFound', `Service ${record.work.serviceId} was deleted.`);
    return service;
  };
  const markDeployment = async (account: AccountKey, id: string, status: 'Running' | 'Succeeded' | 'Failed') => {
    const deployment = await store.deployments.get(account, id);
    if (deployment) await store.deployments.update(account, { ...deployment, status });
  };

  return {
    async run(record) {
      const service = await serviceOf(record);
      await store.services.update(record.account, { ...service, state: 'Running', updatedAt: new Date().toISOString() });
      await markDeployment(record.account, record.work.deploymentId, 'Running');
      const image = await store.images.get(record.account, service.imageId);
      if (!image) throw new ApiError(400, 'ImageNotFound', `Image ${service.imageId} does not exist.`);
      try {
        await runtime.deploy(record.account, service, image);
      } catch (error) {
        throw new ApiError(400, 'DeploymentFailed', `The replicas did not start: ${(error as Error).message}`);
      }
      const latest = await store.services.get(record.account, service.id);
      if (!latest) {
        await runtime.forget(service.id); // deleted while it was deploying
        throw new ApiError(404, 'ServiceNotFound', `Service ${service.name} was deleted while it was deploying.`);
      }
      await store.services.update(record.account, {
        ...latest,
        state: 'Succeeded',
        error: undefined,
        updatedAt: new Date().toISOString(),
      });
      await markDeployment(record.account, record.work.deploymentId, 'Succeeded');
    },
    async abandon(record, error) {
      const service = await store.services.get(record.account, record.work.serviceId);
      if (service) await store.services.update(record.account, { ...service, state: 'Failed', error, updatedAt: new Date().toISOString() });
      await markDeployment(record.account, record.work.deploymentId, 'Failed');
    },
  };
}
