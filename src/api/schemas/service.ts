import { Type, type Static } from '@sinclair/typebox';
import { AUTOSCALER, PER_REPLICA_CONCURRENCY, REPLICAS, SCORING_TIMEOUT_MS, type Limits } from '../rules';
import { AsyncOperationState, Description, ErrorResponse, ResourceName } from './common';
import { Image } from './image';

/** Most replicas one service may run on one machine. */
export const MAX_REPLICAS = REPLICAS.max;

const between = (limits: Limits) => ({ minimum: limits.min, maximum: limits.max });

export const AutoScaler = Type.Object(
  {
    autoscaleEnabled: Type.Boolean(),
    minReplicas: Type.Optional(Type.Integer(between(AUTOSCALER.minReplicas))),
    maxReplicas: Type.Optional(Type.Integer(between(AUTOSCALER.maxReplicas))),
    refreshPeriodInSeconds: Type.Optional(Type.Number(between(AUTOSCALER.refreshPeriodInSeconds))),
    targetUtilization: Type.Optional(Type.Integer(between(AUTOSCALER.targetUtilization))),
  },
  { additionalProperties: false },
);
export type AutoScaler = Static<typeof AutoScaler>;

/** Kubernetes quantities: cpu "0.5" or "500m"; memory "512Mi", "1Gi", "1e9", "500M". */
export const ContainerResourceReservation = Type.Object(
  {
    cpu: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    memory: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
  },
  { additionalProperties: false },
);
export type ContainerResourceReservation = Static<typeof ContainerResourceReservation>;

export const ComputeResource = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 1024 }), type: Type.Literal('Cluster') },
  { additionalProperties: false },
);

const DataCollection = Type.Object(
  { eventHubEnabled: Type.Optional(Type.Boolean()), storageEnabled: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

/** The settings shared by create and update (all optional on update). */
const ServiceSettings = {
  description: Type.Optional(Description),
  numReplicas: Type.Optional(Type.Integer(between(REPLICAS))),
  autoScaler: Type.Optional(AutoScaler),
  containerResourceReservation: Type.Optional(ContainerResourceReservation),
  maxConcurrentRequestsPerContainer: Type.Optional(Type.Integer(between(PER_REPLICA_CONCURRENCY))),
  /** Ours: how long one scoring call may take before it gets 504 BackendScoreTimeout. */
  scoringTimeoutMs: Type.Optional(Type.Integer(between(SCORING_TIMEOUT_MS))),
  appInsightsEnabled: Type.Optional(Type.Boolean()),
  dataCollection: Type.Optional(DataCollection),
};

export const ServiceCreateRequest = Type.Object(
  {
    name: ResourceName,
    imageId: Type.String({ minLength: 1, maxLength: 100 }),
    computeResource: ComputeResource,
    ...ServiceSettings,
  },
  { additionalProperties: false },
);
export type ServiceCreateRequest = Static<typeof ServiceCreateRequest>;

export const ServiceUpdateRequest = Type.Object(
  { imageId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), ...ServiceSettings },
  { additionalProperties: false },
);
export type ServiceUpdateRequest = Static<typeof ServiceUpdateRequest>;

export const ServiceResponse = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.Optional(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  state: AsyncOperationState,
  scoringUri: Type.Optional(Type.String()),
  imageId: Type.String(),
  image: Type.Optional(Image),
  computeResource: ComputeResource,
  numReplicas: Type.Optional(Type.Integer()),
  autoScaler: Type.Optional(AutoScaler),
  containerResourceReservation: Type.Optional(ContainerResourceReservation),
  maxConcurrentRequestsPerContainer: Type.Integer(),
  scoringTimeoutMs: Type.Integer(),
  appInsightsEnabled: Type.Boolean(),
  dataCollection: Type.Optional(DataCollection),
  /** Replicas loaded and answering now. */
  readyReplicas: Type.Optional(Type.Integer()),
  error: Type.Optional(ErrorResponse),
  operationId: Type.Optional(Type.String()),
});
export type ServiceResponse = Static<typeof ServiceResponse>;

export const AuthKeys = Type.Object({ primaryKey: Type.String(), secondaryKey: Type.String() });
export type AuthKeys = Static<typeof AuthKeys>;

export const RegenerateKeyRequest = Type.Object(
  { keyType: Type.Union([Type.Literal('Primary'), Type.Literal('Secondary')]) },
  { additionalProperties: false },
);
export type RegenerateKeyRequest = Static<typeof RegenerateKeyRequest>;

export const Deployment = Type.Object({
  id: Type.String(),
  createdAt: Type.String(),
  expiredAt: Type.Optional(Type.String()),
  imageId: Type.String(),
  serviceId: Type.String(),
  serviceName: Type.String(),
  status: AsyncOperationState,
  operationId: Type.Optional(Type.String()),
});
export type Deployment = Static<typeof Deployment>;
