import { Type, type Static } from '@sinclair/typebox';
import { Description, ResourceName } from './common';

export const RuntimeType = Type.Union([
  Type.Literal('Python'),
  Type.Literal('Onnx'),
  Type.Literal('Node'),
  Type.Literal('SparkPython'),
]);
export type RuntimeType = Static<typeof RuntimeType>;

/** The runtimes Modelbay can run. SparkPython is in the API's enum but refused with a clear 400. */
export const SUPPORTED_RUNTIMES = ['Python', 'Onnx', 'Node'] as const;

export const ManifestAsset = Type.Object(
  {
    id: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    mimeType: Type.Optional(Type.String({ maxLength: 255 })),
    unpack: Type.Optional(Type.Boolean()),
    url: Type.String({ minLength: 1, maxLength: 2048 }),
  },
  { additionalProperties: false },
);
export type ManifestAsset = Static<typeof ManifestAsset>;

export const TargetRuntime = Type.Object(
  {
    runtimeType: RuntimeType,
    properties: Type.Record(Type.String(), Type.String()),
  },
  { additionalProperties: false },
);
export type TargetRuntime = Static<typeof TargetRuntime>;

/**
 * POST /manifests. `driverProgram` names one of `assets` by its id (the file name it gets in the image; the official
 * CLI's ids have no extension, e.g. "driver"); it is required for Python and Node, and not used by Onnx, which runs
 * the registered .onnx model itself. `targetRuntime.properties` may name environment files as the official CLI did:
 * `pipRequirements` (a requirements.txt) and `condaEnvFile`, each the URL of an asset of this service or the id of
 * one of `assets`. An asset marked `unpack` is an archive (.tar.gz, .tar or .zip, told by its bytes), unpacked into
 * the image's app folder.
 */
export const ManifestRequest = Type.Object(
  {
    name: ResourceName,
    /** The official CLI sends `null` when no description was given. */
    description: Type.Optional(Type.Union([Description, Type.Null()])),
    driverProgram: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    assets: Type.Array(ManifestAsset, { maxItems: 256 }),
    modelIds: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 64 })),
    modelType: Type.Optional(Type.Literal('Registered')),
    targetRuntime: TargetRuntime,
    webserviceType: Type.Optional(Type.Literal('Realtime')),
    id: Type.Optional(Type.String()),
    version: Type.Optional(Type.Integer()),
    createdTime: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type ManifestRequest = Static<typeof ManifestRequest>;

export const Manifest = Type.Object({
  id: Type.String(),
  name: Type.String(),
  version: Type.Integer(),
  description: Type.Optional(Type.String()),
  driverProgram: Type.Optional(Type.String()),
  assets: Type.Array(
    Type.Object({
      id: Type.String(),
      mimeType: Type.Optional(Type.String()),
      unpack: Type.Boolean(),
      url: Type.String(),
    }),
  ),
  modelIds: Type.Array(Type.String()),
  modelType: Type.Literal('Registered'),
  targetRuntime: TargetRuntime,
  webserviceType: Type.Literal('Realtime'),
  createdTime: Type.String(),
});
export type Manifest = Static<typeof Manifest>;
