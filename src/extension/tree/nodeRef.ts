import type { Deployment, Endpoint, Image, Manifest, Model, ServiceResponse } from '../../api/schemas';
import type { AccountHandle } from '../accounts/accountConnections';

/** The resource each kind of node stands for. */
interface Resources {
  model: Model;
  manifest: Manifest;
  image: Image;
  service: ServiceResponse;
  endpoint: Endpoint;
  deployment: Deployment;
}

export type ResourceKind = keyof Resources;

/** One resource of an account: what a resource node is, and what a command acting on one takes. */
export type ResourceRef<K extends ResourceKind = ResourceKind> = {
  [P in K]: { readonly kind: P; readonly account: AccountHandle; readonly resource: Resources[P] };
}[K];

/** The folders under an account (and a service's Endpoints and Deployments). */
export type FolderKind = 'models' | 'manifests' | 'images' | 'services' | 'endpoints' | 'deployments';

/**
 * What a command is given when it is run on a tree row (or by a notification, a form, a test): the account itself,
 * one of its folders (with the service it belongs to, for a service's folders), a model name, or a resource.
 */
export type NodeRef =
  | { readonly kind: 'account'; readonly account: AccountHandle }
  | { readonly kind: 'folder'; readonly folder: FolderKind; readonly account: AccountHandle; readonly service?: ResourceRef<'service'> }
  | { readonly kind: 'modelGroup'; readonly name: string; readonly account: AccountHandle }
  | ResourceRef;

const RESOURCE_KINDS: ReadonlySet<string> = new Set<ResourceKind>(['model', 'manifest', 'image', 'service', 'endpoint', 'deployment']);
const FOLDER_KINDS: ReadonlySet<string> = new Set<FolderKind>(['models', 'manifests', 'images', 'services', 'endpoints', 'deployments']);

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isFolderKind = (value: unknown): value is FolderKind => typeof value === 'string' && FOLDER_KINDS.has(value);

function isAccountHandle(value: unknown): value is AccountHandle {
  return isRecord(value) && typeof value.id === 'string' && typeof value.label === 'string' && (value.kind === 'local' || value.kind === 'remote');
}

/** A resource reference as far as it can be checked: a known kind, an account, and a resource with an id. */
function isResourceRef(value: unknown): value is ResourceRef {
  return isRecord(value) && typeof value.kind === 'string' && RESOURCE_KINDS.has(value.kind) && isAccountHandle(value.account) && isRecord(value.resource) && typeof value.resource.id === 'string';
}

/**
 * A command's argument as a node reference, or undefined when it is something else (nothing, a URI, the list of
 * selected rows a menu passes second). Arguments come from menus, notifications, forms and other extensions, so their
 * shape is checked here, once, rather than cast where they are used.
 */
export function nodeRefOf(arg: unknown): NodeRef | undefined {
  if (!isRecord(arg) || !isAccountHandle(arg.account)) return undefined;
  if (arg.kind === 'account') return { kind: 'account', account: arg.account };
  if (arg.kind === 'folder' && isFolderKind(arg.folder)) {
    const service = isResourceRef(arg.service) && arg.service.kind === 'service' ? arg.service : undefined;
    return { kind: 'folder', folder: arg.folder, account: arg.account, service };
  }
  if (arg.kind === 'modelGroup' && typeof arg.name === 'string') return { kind: 'modelGroup', name: arg.name, account: arg.account };
  return isResourceRef(arg) ? arg : undefined;
}

/** The service a reference belongs to: the service itself, or the service of one of its folders. */
export function serviceOf(ref: NodeRef | undefined): ServiceResponse | undefined {
  if (ref?.kind === 'service') return ref.resource;
  if (ref?.kind === 'folder') return ref.service?.resource;
  return undefined;
}
