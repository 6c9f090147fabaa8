import Ajv from 'ajv';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import { API_VERSION } from '../api/apiVersion';
import { installAccessControl } from './auth/accessControl';
import type { Authenticator } from './auth/authenticator';
import type { BatchJobs } from './batch/batchJobs';
import { registerBatchRoutes } from './batch/registerBatchRoutes';
import type { ServiceContext } from './context';
import { installErrorHandling } from './errorHandler';
import { ApiError } from './errors';
import { installJsonParser } from './jsonBody';
import { DataPlane } from './gateway/dataPlane';
import { logRoutes } from './logs/logRoutes';
import { portalRoutes } from './portal/portalRoutes';
import { REQUEST_ID_HEADER } from './gateway/dataPlaneAnswer';
import { dataPlaneServer } from './gateway/dataPlaneServer';
import { requestGuard } from './gateway/requestGuard';
import { scoringRoutes, type Gateway } from './gateway/scoringRoutes';
import { accountRoutes } from './routes/accounts';
import { deploymentRoutes } from './routes/deployments';
import { deleteRoutes } from './routes/deleteRoutes';
import { endpointRoutes } from './routes/endpoints';
import { serviceRoutes } from './routes/services';
import { assetRoutes } from './routes/assets';
import { imageRoutes } from './routes/images';
import { manifestRoutes } from './routes/manifests';
import { modelRoutes } from './routes/models';
import { operationRoutes } from './routes/operations';
import { requestLogRoutes } from './routes/requestLogRoutes';
import { roleAssignmentRoutes } from './routes/roleAssignments';
import { routeCatalogue } from './routes/routeCatalogue';
import { usageRoutes } from './routes/usageRoutes';
import { swaggerRoutes } from './routes/swaggerRoutes';

export interface AppOptions {
  authenticate: Authenticator;
  logger: FastifyBaseLogger;
  /** The data plane's in-memory state: admission counts, the endpoint directory, the access summary. */
  gateway: Gateway;
  /** Batch jobs (BES): their runner, download signer and storage clients. */
  batch: BatchJobs;
}

/**
 * Bodies are validated strictly (a number is not a string); params and query strings arrive as text and are
 * coerced to the types their schemas ask for. Every error is collected so one answer names every bad field.
 */
function validatorCompiler() {
  const strict = new Ajv({ allErrors: true, coerceTypes: false, useDefaults: true, removeAdditional: false, strict: false });
  const coercing = new Ajv({ allErrors: true, coerceTypes: 'array', useDefaults: true, removeAdditional: false, strict: false });
  return ({ schema, httpPart }: { schema: object; httpPart?: string }) =>
    (httpPart === 'body' ? strict : coercing).compile(schema);
}

/** Builds the Modelbay service (never listens: main.ts and tests decide how it is reached). */
export function buildApp(context: ServiceContext, options: AppOptions): FastifyInstance {
  // The hot scoring routes are answered on plain node:http before fastify (gateway/dataPlane.ts).
  const dataPlane = new DataPlane(context, options.gateway, options.logger.child({ plane: 'scoring' }));
  const app = Fastify({
    serverFactory: dataPlaneServer(dataPlane, requestGuard(context.config.host, context.config.publicUrl)),
    genReqId: () => randomUUID(),
    loggerInstance: options.logger,
    bodyLimit: context.config.maxJsonBytes,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  app.setValidatorCompiler(validatorCompiler());
  installErrorHandling(app, context.hidePaths);
  installJsonParser(app);

  // Closing: the data plane refuses new calls (503) and closes connections after answers in flight, as fastify does.
  app.addHook('preClose', (done) => {
    dataPlane.close();
    done();
  });
  // Every answer fastify sends carries these (the data plane writes its own: dataPlaneAnswer.ts).
  app.addHook('onSend', (request, reply, payload, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    void reply.header('X-Content-Type-Options', 'nosniff');
    void reply.header('Cache-Control', 'no-store');
    done(null, payload);
  });

  // Before the routes: every management route must declare the role it needs (the service does not start otherwise).
  const authorize = installAccessControl(app, context.store);
  // Management plane: a valid token first (before any body is read), then the api-version, then the caller's role
  // on the account the route addresses.
  const checkManagementCall = async (request: FastifyRequest) => {
    const principal = await options.authenticate(request.headers.authorization);
    const version = new URL(request.url, 'http://service').searchParams.get('api-version');
    if (version === null) {
      throw new ApiError(400, 'MissingApiVersion', `query/api-version is required; this service speaks api-version=${API_VERSION}.`);
    }
    if (version !== API_VERSION) {
      throw new ApiError(400, 'UnsupportedApiVersion', `api-version '${version}' is not supported; use ${API_VERSION}.`);
    }
    await authorize(request, principal);
  };
  app.addHook('onRequest', (request, _reply, done) => {
    if (!request.url.startsWith('/api/')) return done();
    checkManagementCall(request).then(() => done(), done);
  });

  // Before the routes: it records each route as it is registered (the management routes' schemas for swagger.json).
  const catalogue = routeCatalogue(app);
  app.get('/healthz', () => ({ status: 'ok' }));
  accountRoutes(app, context);
  roleAssignmentRoutes(app, context);
  assetRoutes(app, context);
  modelRoutes(app, context);
  manifestRoutes(app, context);
  imageRoutes(app, context);
  logRoutes(app, context);
  deleteRoutes(app, context);
  operationRoutes(app, context);
  serviceRoutes(app, context);
  endpointRoutes(app, context);
  deploymentRoutes(app, context);
  usageRoutes(app, context, options.gateway.calls);
  requestLogRoutes(app, context, options.gateway.calls);
  registerBatchRoutes(app, context, options.gateway, options.batch);
  scoringRoutes(app, context, options.gateway);
  swaggerRoutes(app, context, catalogue, options.gateway);
  portalRoutes(app, context, options.gateway);
  return app;
}
