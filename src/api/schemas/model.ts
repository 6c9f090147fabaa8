import { Type, type Static } from '@sinclair/typebox';
import { Description, ResourceName, Tags } from './common';

const MimeType = Type.String({ minLength: 1, maxLength: 255 });
const Url = Type.String({ minLength: 1, maxLength: 2048 });

/** POST /models. Read-only fields (id, version, createdAt) may be sent back as they were read; they are ignored. */
export const ModelRequest = Type.Object(
  {
    name: ResourceName,
    description: Type.Optional(Description),
    mimeType: MimeType,
    url: Url,
    tags: Type.Optional(Tags),
    unpack: Type.Optional(Type.Boolean()),
    id: Type.Optional(Type.String()),
    version: Type.Optional(Type.Integer()),
    createdAt: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type ModelRequest = Static<typeof ModelRequest>;

export const Model = Type.Object({
  id: Type.String(),
  name: Type.String(),
  version: Type.Integer(),
  description: Type.Optional(Type.String()),
  mimeType: Type.String(),
  url: Type.String(),
  tags: Type.Array(Type.String()),
  unpack: Type.Boolean(),
  createdAt: Type.String(),
  /** sha256 of the model's bytes when they are an asset of this service: tells an identical upload apart. */
  sha256: Type.Optional(Type.String()),
});
export type Model = Static<typeof Model>;
