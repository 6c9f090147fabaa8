import { Type, type Static } from '@sinclair/typebox';
import { ACCOUNT_SEGMENT } from '../rules';
import { Description } from './common';
import { RoleName } from './roleAssignment';

/** One path segment of an account address (subscription, resource group, account name). */
export const AccountSegment = Type.String({ minLength: 1, ...ACCOUNT_SEGMENT });

export const AccountPutRequest = Type.Object(
  {
    description: Type.Optional(Description),
    location: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type AccountPutRequest = Static<typeof AccountPutRequest>;

export const Account = Type.Object({
  id: Type.String({ description: 'the account path' }),
  subscriptionId: Type.String(),
  resourceGroupName: Type.String(),
  name: Type.String(),
  description: Type.Optional(Type.String()),
  location: Type.Optional(Type.String()),
  createdAt: Type.String(),
  /** The role the caller holds on this account (directly or through a group); `Owner` for the admin token. */
  callerRole: Type.Optional(RoleName),
});
export type Account = Static<typeof Account>;
