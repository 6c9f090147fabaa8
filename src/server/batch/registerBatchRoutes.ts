import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../context';
import type { Gateway } from '../gateway/gateway';
import { batchRoutes } from './batchRoutes';
import type { BatchJobs } from './batchJobs';
import { downloadRoutes } from './downloadRoutes';

/** The batch execution service's routes: BES on every endpoint, and signed downloads of outputs kept as assets. */
export function registerBatchRoutes(app: FastifyInstance, context: ServiceContext, gateway: Gateway, batch: BatchJobs): void {
  void app.register(batchRoutes(context, gateway, batch));
  downloadRoutes(app, context, batch.signer);
}
