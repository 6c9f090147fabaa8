import { hasShape, isString, type Method, type ParamsCheck } from './rpc';

export type AccessRole = 'Reader' | 'Contributor' | 'Owner';
export type AccessPrincipalType = 'User' | 'Group';

/** One role assignment as the form lists it. */
export interface AccessAssignment {
  /** The assignment's name on the service (what Remove names). */
  name: string;
  principalId: string;
  principalType: AccessPrincipalType;
  role: AccessRole;
  createdAt: string;
  createdBy?: string;
}

export interface AccessInit {
  accountLabel: string;
  /** "subscription/resource group/account" on its service. */
  address: string;
  assignments: AccessAssignment[];
}

export interface GrantParams {
  principalId: string;
  principalType: AccessPrincipalType;
  role: AccessRole;
}

/** A grant the service refused as invalid (400) is said under the principal field, not as a failure of the form. */
export type GrantResult = { kind: 'granted'; assignments: AccessAssignment[] } | { kind: 'refused'; message: string };

export type AccessMethods = {
  /** The assignments as the service lists them now. */
  list: Method<Record<string, never>, AccessAssignment[]>;
  grant: Method<GrantParams, GrantResult>;
  /** Removes one assignment; the service refuses to remove the last Owner (409), which comes back as the error. */
  remove: Method<{ name: string }, AccessAssignment[]>;
};

export const ACCESS_ROLES: readonly AccessRole[] = ['Reader', 'Contributor', 'Owner'];
const isRole = (v: unknown): v is AccessRole => typeof v === 'string' && (ACCESS_ROLES as readonly string[]).includes(v);
const isPrincipalType = (v: unknown): v is AccessPrincipalType => v === 'User' || v === 'Group';

export const accessParamsCheck: ParamsCheck<AccessMethods> = {
  list: (p): p is Record<string, never> => hasShape(p, {}),
  grant: (p): p is GrantParams => hasShape(p, { principalId: isString, principalType: isPrincipalType, role: isRole }),
  remove: (p): p is { name: string } => hasShape(p, { name: isString }),
};
