import type { AccountRef } from '../../api/accountRef';
import type { Account, AsyncOperationStatus, AuthKeys, Deployment, Endpoint, Image, Manifest, Model, ServiceResponse } from '../../api/schemas';
import type { RequestLogRecord } from '../../api/schemas/requestLog';
import type { JobRepository } from '../batch/jobRecord';
import type { ChangeRepository } from './changeRepository';
import type { LeaseRepository } from './leaseRepository';
import type { PrincipalIds, RoleAssignmentRepository } from './roleAssignmentRepository';
import type { RoleAssignment } from '../../api/schemas/roleAssignment';
import type { StoredFigures } from '../usage/usageFigures';

/** One page read from a repository: `next` is the cursor of the following page, absent on the last one. */
export interface ListResult<T> {
  items: T[];
  next?: number;
}

/** Keyset paging: newest first, `after` is the cursor a previous page returned. */
export interface ListOptions {
  count: number;
  after?: number;
}

/** The key an account's rows are filed under (`sub/rg/name`). */
export type AccountKey = string;

export function accountKey(ref: AccountRef): AccountKey {
  return `${ref.subscriptionId}/${ref.resourceGroupName}/${ref.accountName}`;
}

export interface AccountRepository {
  /** Creates the account, or updates its description/location; `created` says which. */
  put(ref: AccountRef, fields: { description?: string; location?: string }): Promise<{ account: Account; created: boolean }>;
  /**
   * Creates the account with `owner` as its first role assignment, in one transaction; undefined (and nothing
   * written) when the account exists already.
   */
  create(ref: AccountRef, fields: { description?: string; location?: string }, owner: RoleAssignment): Promise<Account | undefined>;
  get(ref: AccountRef): Promise<Account | undefined>;
  /** A page of a resource group's accounts; with `visibleTo`, only those where that principal holds a role. */
  list(subscriptionId: string, resourceGroupName: string, options: ListOptions, visibleTo?: PrincipalIds): Promise<ListResult<Account>>;
}

export interface AssetRecord {
  id: string;
  name: string;
  size: number;
  sha256: string;
  mimeType?: string;
  createdAt: string;
}

export interface AssetRepository {
  create(account: AccountKey, asset: AssetRecord): Promise<void>;
  get(account: AccountKey, id: string): Promise<AssetRecord | undefined>;
}

/**
 * Resources versioned per name (models, manifests, images). `create` picks the next version of the name
 * atomically: 1, 2, 3... with no gaps or duplicates however many registrations race.
 */
export interface VersionedRepository<T extends { id: string; name: string; version: number }, F> {
  create(account: AccountKey, name: string, build: (identity: { id: string; version: number }) => T): Promise<T>;
  get(account: AccountKey, id: string): Promise<T | undefined>;
  list(account: AccountKey, filter: F, options: ListOptions): Promise<ListResult<T>>;
  /**
   * Deletes a document unless something still uses it, checked and done in one transaction, so nothing can start
   * using it in between. `usedBy` names each user ("manifest iris:2", "service iris").
   */
  delete(account: AccountKey, id: string): Promise<DeleteOutcome<T>>;
}

/** What a delete did: removed the document (answered as it was), found it absent, or left it because it is in use. */
export type DeleteOutcome<T> = { kind: 'deleted'; doc: T } | { kind: 'absent' } | { kind: 'inUse'; doc: T; usedBy: string[] };

export interface ModelFilter {
  name?: string;
  tag?: string;
}

export interface ManifestFilter {
  modelId?: string;
  manifestName?: string;
}

export interface ImageFilter {
  manifestId?: string;
  manifestName?: string;
}

export interface ImageRepository extends VersionedRepository<Image, ImageFilter> {
  /** Stores a new image version and the operation that builds it in one transaction: neither exists alone. */
  createWithOperation(
    account: AccountKey,
    name: string,
    build: (identity: { id: string; version: number }) => Image,
    operation: (image: Image) => OperationRecord,
  ): Promise<{ image: Image; operation: OperationRecord }>;
  /** Replaces the mutable build fields (creationState, error, imageLocation...) of a stored image. */
  update(account: AccountKey, image: Image): Promise<void>;
}

/** What an operation does, with what it needs to run again after a restart; `attempts` counts its starts. */
export type OperationWork =
  | { kind: 'buildImage'; imageId: string; attempts: number }
  | { kind: 'deployService'; serviceId: string; deploymentId: string; attempts: number };

export interface OperationRecord {
  account: AccountKey;
  status: AsyncOperationStatus;
  work: OperationWork;
}

export interface OperationRepository {
  create(record: OperationRecord): Promise<void>;
  get(account: AccountKey, id: string): Promise<OperationRecord | undefined>;
  update(record: OperationRecord): Promise<void>;
  /** Operations NotStarted or Running, oldest first: what a restart must resume. */
  listUnfinished(): Promise<OperationRecord[]>;
}

export interface ServiceFilter {
  serviceName?: string;
  imageId?: string;
  manifestId?: string;
  manifestName?: string;
  modelId?: string;
  modelName?: string;
  computeResourceId?: string;
}

/** A service's first rows, written together: the service, its default endpoint, a deployment, an operation. */
export interface NewService {
  service: ServiceResponse;
  endpoint: Endpoint;
  keys: AuthKeys;
  deployment: Deployment;
  operation: OperationRecord;
}

export interface ServiceRepository {
  /** Writes a new service with its default endpoint; false when the name is taken in the account. */
  create(account: AccountKey, rows: NewService): Promise<boolean>;
  /** Stores the updated service with a new deployment (the previous one expires) and its operation. */
  beginUpdate(account: AccountKey, service: ServiceResponse, deployment: Deployment, operation: OperationRecord): Promise<void>;
  get(account: AccountKey, id: string): Promise<ServiceResponse | undefined>;
  list(account: AccountKey, filter: ServiceFilter, options: ListOptions): Promise<ListResult<ServiceResponse>>;
  update(account: AccountKey, service: ServiceResponse): Promise<void>;
  /** Removes the service and its endpoints; its deployments stay as history, expired. */
  delete(account: AccountKey, id: string): Promise<boolean>;
  /** Every service of every account (what a restart brings back up). */
  listAll(): Promise<{ account: AccountKey; service: ServiceResponse }[]>;
}

export interface EndpointRepository {
  create(account: AccountKey, endpoint: Endpoint, keys: AuthKeys): Promise<boolean>;
  get(account: AccountKey, serviceId: string, name: string): Promise<Endpoint | undefined>;
  /** Looks an endpoint and its keys up by its id alone (the data plane knows only that), in one read. */
  find(id: string): Promise<{ account: AccountKey; endpoint: Endpoint; keys: AuthKeys } | undefined>;
  list(account: AccountKey, serviceId: string): Promise<Endpoint[]>;
  update(account: AccountKey, endpoint: Endpoint): Promise<void>;
  delete(account: AccountKey, serviceId: string, name: string): Promise<boolean>;
  keys(endpointId: string): Promise<AuthKeys | undefined>;
  setKeys(endpointId: string, keys: AuthKeys): Promise<void>;
}

/** An endpoint's quota counts in its current window (ms since the epoch), as last written. */
export interface QuotaCounterRow {
  endpointId: string;
  windowStart: number;
  calls: number;
  bytes: number;
}

/** What one instance counted against an endpoint's quota since it last wrote (negative for calls given back). */
export interface QuotaDelta {
  endpointId: string;
  /** The window the calls were counted in, as this instance saw it. */
  windowStart: number;
  /** The quota's renewal period in ms (0: a quota for life). */
  periodMs: number;
  calls: number;
  bytes: number;
}

/**
 * Quota counts, one row per endpoint: every instance adds what it counted (in batches, never once per call) and
 * reads the totals back, so instances sharing a store share their quotas.
 */
export interface QuotaCounterRepository {
  list(): Promise<QuotaCounterRow[]>;
  /**
   * Adds the deltas in one transaction: to the stored window, or to a new one (starting at the delta's window)
   * when the stored window ended before `now`; rows of endpoints that no longer exist are skipped.
   */
  add(deltas: readonly QuotaDelta[], now: number): Promise<void>;
}

/** One endpoint's usage in one minute (`minute`: its first ms since the epoch). */
export interface UsageMinuteRow {
  endpointId: string;
  serviceId: string;
  minute: number;
  figures: StoredFigures;
}

/**
 * Per-minute usage, written in batches by the gateway (never once per call). Rows go with their endpoint (deleted,
 * or with its service).
 */
export interface UsageRepository {
  /**
   * Adds each row to what is stored for its endpoint and minute (mergeFigures): a minute is written more than once
   * (each flush adds the calls since the last, and a restart within a minute adds to it). One transaction; rows of
   * endpoints that no longer exist are skipped.
   */
  add(rows: readonly UsageMinuteRow[]): Promise<void>;
  /** The rows of a service's endpoints (of one endpoint when `endpointId` is set) with `from <= minute < to`. */
  list(filter: { serviceId: string; endpointId?: string }, from: number, to: number): Promise<UsageMinuteRow[]>;
  /** Deletes the minutes before `before` (retention). */
  prune(before: number): Promise<void>;
}

/** A request log record to store; the store gives it its id (increasing). */
export interface NewRequestLog {
  endpointId: string;
  record: Omit<RequestLogRecord, 'id'>;
}

/** How much request log one endpoint keeps: past either bound, its oldest records go. */
export interface RequestLogLimits {
  maxRecords: number;
  maxBytes: number;
}

/** Endpoints' request logs, written in batches; records go with their endpoint (deleted, or with its service). */
export interface RequestLogRepository {
  /**
   * Stores the records in order (a later one gets a larger id), then drops each endpoint's oldest records beyond
   * `limits`; one transaction; records of endpoints that no longer exist are skipped.
   */
  append(records: readonly NewRequestLog[], limits: RequestLogLimits): Promise<void>;
  /** Newest first; `errorsOnly`: status 400 and above. */
  list(endpointId: string, filter: { errorsOnly: boolean }, options: ListOptions): Promise<ListResult<RequestLogRecord>>;
}

export interface DeploymentRepository {
  get(account: AccountKey, id: string): Promise<Deployment | undefined>;
  list(account: AccountKey, serviceId: string | undefined): Promise<Deployment[]>;
  update(account: AccountKey, deployment: Deployment): Promise<void>;
}

/** Everything the service persists, behind one interface: SQLite now, PostgreSQL for shared teams later. */
export interface Store {
  accounts: AccountRepository;
  assets: AssetRepository;
  models: VersionedRepository<Model, ModelFilter>;
  manifests: VersionedRepository<Manifest, ManifestFilter>;
  images: ImageRepository;
  operations: OperationRepository;
  services: ServiceRepository;
  endpoints: EndpointRepository;
  deployments: DeploymentRepository;
  jobs: JobRepository;
  quotaCounters: QuotaCounterRepository;
  usage: UsageRepository;
  requestLogs: RequestLogRepository;
  leases: LeaseRepository;
  roleAssignments: RoleAssignmentRepository;
  changes: ChangeRepository;
  close(): Promise<void>;
}

/** The account a key was made from (segments never hold '/', the schemas see to that). */
export function accountRefOf(key: AccountKey): AccountRef {
  const [subscriptionId, resourceGroupName, accountName] = key.split('/') as [string, string, string];
  return { subscriptionId, resourceGroupName, accountName };
}
