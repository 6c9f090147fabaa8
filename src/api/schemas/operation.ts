import { Type, type Static } from '@sinclair/typebox';
import { AsyncOperationState, ErrorResponse } from './common';

export const OperationType = Type.Union([Type.Literal('Image'), Type.Literal('Service')]);
export type OperationType = Static<typeof OperationType>;

export const AsyncOperationStatus = Type.Object({
  id: Type.String(),
  operationType: OperationType,
  state: AsyncOperationState,
  createdTime: Type.String(),
  endTime: Type.Optional(Type.String()),
  resourceLocation: Type.Optional(Type.String()),
  error: Type.Optional(ErrorResponse),
});
export type AsyncOperationStatus = Static<typeof AsyncOperationStatus>;
