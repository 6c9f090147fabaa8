import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { RESOURCE_NAME } from '../rules';

export const ErrorDetail = Type.Object({
  code: Type.String(),
  message: Type.String(),
});
export type ErrorDetail = Static<typeof ErrorDetail>;

/** The body of every 4xx/5xx answer. */
export const ErrorResponse = Type.Object({
  code: Type.String(),
  message: Type.String(),
  details: Type.Optional(Type.Array(ErrorDetail)),
  statusCode: Type.Optional(Type.Integer()),
});
export type ErrorResponse = Static<typeof ErrorResponse>;

export const AsyncOperationState = Type.Union([
  Type.Literal('NotStarted'),
  Type.Literal('Running'),
  Type.Literal('Cancelled'),
  Type.Literal('Succeeded'),
  Type.Literal('Failed'),
]);
export type AsyncOperationState = Static<typeof AsyncOperationState>;

export const FINAL_OPERATION_STATES: readonly AsyncOperationState[] = ['Cancelled', 'Succeeded', 'Failed'];

/** Names of models, manifests, images and services: what users type, and what may end up in a folder name. */
export const ResourceName = Type.String({ minLength: 1, ...RESOURCE_NAME });

export const Tags = Type.Array(Type.String({ minLength: 1, maxLength: 256 }), { maxItems: 64 });

export const Description = Type.String({ maxLength: 4096 });

/** `{value, nextLink}`: one page of a list; nextLink is absent on the last page. */
export function Paginated<T extends TSchema>(item: T) {
  return Type.Object({
    value: Type.Array(item),
    nextLink: Type.Optional(Type.String()),
  });
}

export interface Page<T> {
  value: T[];
  nextLink?: string;
}
