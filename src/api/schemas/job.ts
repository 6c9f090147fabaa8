import { Type, type Static } from '@sinclair/typebox';

/**
 * The batch execution service (BES) of an endpoint, as classic clients call it (seed 002):
 * `{workspaces/{ws}/services/{endpointId} | score/{endpointId}}/jobs[/{jobId}[/start]]?api-version=2.0`,
 * authorised by the endpoint key like scoring. Field names are PascalCase because that is what those clients send
 * and read; Modelbay's own extras (times, progress) follow the same casing.
 */

/**
 * Where a job reads or writes a blob. Either Azure's classic shape `{ConnectionString, RelativeLocation}` (a storage
 * connection string, `container/blob` with or without a leading `/`), or `{BaseLocation, RelativeLocation,
 * SasBlobToken}` (a URL in three parts), or Modelbay's own `{AssetId}` (an asset of the endpoint's account: the way
 * to run a job without Azure Storage).
 */
export const BlobReference = Type.Object(
  {
    ConnectionString: Type.Optional(Type.Union([Type.String({ maxLength: 4096 }), Type.Null()])),
    BaseLocation: Type.Optional(Type.Union([Type.String({ maxLength: 2048 }), Type.Null()])),
    RelativeLocation: Type.Optional(Type.Union([Type.String({ maxLength: 2048 }), Type.Null()])),
    SasBlobToken: Type.Optional(Type.Union([Type.String({ maxLength: 4096 }), Type.Null()])),
    AssetId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: true },
);
export type BlobReference = Static<typeof BlobReference>;

/**
 * The submit body. One `Input` or an `Inputs` map (both: DuplicateInputInBatchCall; neither:
 * BatchJobInputsNotSpecified). An output without a location (an empty object, or no `Outputs` at all) is written
 * where the service chooses: a new asset of the account, whose download URL the Results give.
 */
export const JobSubmitRequest = Type.Object(
  {
    Input: Type.Optional(Type.Union([BlobReference, Type.Null()])),
    Inputs: Type.Optional(Type.Union([Type.Record(Type.String(), BlobReference), Type.Null()])),
    Outputs: Type.Optional(Type.Union([Type.Record(Type.String(), BlobReference), Type.Null()])),
    GlobalParameters: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()])),
  },
  { additionalProperties: true },
);
export type JobSubmitRequest = Static<typeof JobSubmitRequest>;

/** Sent as the name, a JSON string (not every classic client accepts the number). */
export const JobState = Type.Union([
  Type.Literal('NotStarted'),
  Type.Literal('Running'),
  Type.Literal('Failed'),
  Type.Literal('Cancelled'),
  Type.Literal('Finished'),
]);
export type JobState = Static<typeof JobState>;

export const FINAL_JOB_STATES: readonly JobState[] = ['Failed', 'Cancelled', 'Finished'];

/** An output of a finished job: BaseLocation + RelativeLocation + SasBlobToken downloads it (read-only, time-limited). */
export const JobOutputLocation = Type.Object({
  ConnectionString: Type.Null(),
  BaseLocation: Type.String(),
  RelativeLocation: Type.String(),
  SasBlobToken: Type.String(),
});
export type JobOutputLocation = Static<typeof JobOutputLocation>;

/** `GET .../jobs/{jobId}`: the classic three fields, then Modelbay's extras. */
export const JobStatus = Type.Object({
  StatusCode: JobState,
  /** null until the job has Finished. */
  Results: Type.Union([Type.Record(Type.String(), JobOutputLocation), Type.Null()]),
  /** Why a job Failed (row, column, the driver's message), or null. */
  Details: Type.Union([Type.String(), Type.Null()]),
  Id: Type.String(),
  EndpointId: Type.String(),
  CreatedAt: Type.String(),
  StartedAt: Type.Union([Type.String(), Type.Null()]),
  EndedAt: Type.Union([Type.String(), Type.Null()]),
  /** Rows scored so far, and of how many once the input has been read to its end (null before). */
  RowsDone: Type.Integer(),
  RowsTotal: Type.Union([Type.Integer(), Type.Null()]),
});
export type JobStatus = Static<typeof JobStatus>;
