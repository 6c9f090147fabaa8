import { Type, type Static } from '@sinclair/typebox';

/** What an upload answers: the bytes are stored content-addressed, `url` is what models and manifests cite. */
export const UploadedAsset = Type.Object({
  id: Type.String(),
  name: Type.String(),
  size: Type.Integer(),
  sha256: Type.String(),
  url: Type.String(),
  mimeType: Type.Optional(Type.String()),
  createdAt: Type.String(),
});
export type UploadedAsset = Static<typeof UploadedAsset>;
