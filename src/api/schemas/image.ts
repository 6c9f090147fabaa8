import { Type, type Static } from '@sinclair/typebox';
import { AsyncOperationState, Description, ErrorResponse, ResourceName } from './common';
import { Manifest } from './manifest';

export const ImageRequest = Type.Object(
  {
    computeResourceId: Type.String({ minLength: 1, maxLength: 1024 }),
    description: Type.Optional(Description),
    imageType: Type.Literal('Docker'),
    manifestId: Type.String({ minLength: 1, maxLength: 100 }),
    name: ResourceName,
  },
  { additionalProperties: false },
);
export type ImageRequest = Static<typeof ImageRequest>;

export const Image = Type.Object({
  id: Type.String(),
  name: Type.String(),
  version: Type.Integer(),
  description: Type.Optional(Type.String()),
  computeResourceId: Type.String(),
  createdTime: Type.String(),
  creationState: AsyncOperationState,
  error: Type.Optional(ErrorResponse),
  imageBuildLogUri: Type.Optional(Type.String()),
  imageLocation: Type.Optional(Type.String({ description: 'sha256:<content hash> of the built image' })),
  imageType: Type.Literal('Docker'),
  manifest: Manifest,
  operationId: Type.Optional(Type.String()),
});
export type Image = Static<typeof Image>;
