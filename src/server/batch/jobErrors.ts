import type { JobState } from '../../api/schemas';
import type { Refusal } from '../gateway/refusal';

/**
 * A BES call refused on purpose, answered in the classic data-plane shape `{"error": {code, message, details}}`
 * (batchRoutes' error handler). The codes are the classic service's, so classic clients recognise them.
 */
export class BatchError extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
    this.name = 'BatchError';
  }
}

const refuse = (status: number, code: string, message: string) => new BatchError({ status, code, message });

export const cannotStartJob = (state: JobState) => refuse(400, 'CannotStartJob', `The job cannot be started because it is in ${state} state.`);

export const inputsNotSpecified = () =>
  refuse(400, 'BatchJobInputsNotSpecified', 'The request specifies no input: send "Input" (one blob reference) or "Inputs" (a map of them).');

export const duplicateInput = () =>
  refuse(400, 'DuplicateInputInBatchCall', 'The request specifies both "Input" and "Inputs": send one of them.');

export const missingBlobInformation = (where: string, needs: string) =>
  refuse(400, 'MissingInputBlobInformation', `${where} does not say where its blob is: ${needs}`);

export const blobNotFound = (where: string, what: string) => refuse(400, 'BlobNotFound', `${where}: ${what} was not found.`);

export const invalidBlob = (where: string, why: string) => refuse(400, 'InvalidBlob', `${where}: ${why}`);

export const storageNotAllowed = (where: string, why: string) => refuse(400, 'StorageLocationNotAllowed', `${where}: ${why}`);

export const jobNotFound = (jobId: string) => refuse(404, 'JobNotFound', `No job ${jobId} on this endpoint.`);

export const invalidRequest = (message: string) => refuse(400, 'BadArgument', message);
