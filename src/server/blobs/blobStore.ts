import type { Readable } from 'node:stream';
import { ApiError } from '../errors';

export interface StoredBlob {
  sha256: string;
  size: number;
}

/** A blob as a file on this machine, for code that needs a path (copying into an image, unpacking an archive). */
export interface LocalBlob {
  path: string;
  /** Drops the file when it was a download made for the caller; a no-op when it is the store's own file. */
  release(): Promise<void>;
}

/**
 * Where asset bytes live, content-addressed by sha256: the data folder (one machine) or Azure Blob Storage (several
 * instances share it). Every writer and reader of asset bytes goes through this, never through a path it guessed.
 */
export interface BlobStore {
  /** Where the bytes are, for logs and messages: a folder or an account's endpoint and container (never a key). */
  readonly location: string;
  /** Prepares the store (folders, container) and drops what a crash left half-written. */
  open(): Promise<void>;
  has(sha256: string): Promise<boolean>;
  /**
   * Streams `source` into the store, hashing on the way; refuses (and keeps nothing) past `limit` bytes. The blob is
   * complete under its hash when this resolves, so a record written afterwards never names a half-written blob.
   */
  put(source: Readable, limit: number): Promise<StoredBlob>;
  /** The bytes of a blob; rejects with BlobMissingError when none has this hash. */
  read(sha256: string): Promise<Readable>;
  /** A file holding the blob's bytes until release(); rejects with BlobMissingError when none has this hash. */
  localFile(sha256: string): Promise<LocalBlob>;
}

/** Raised when an upload is larger than the store accepts; the partial upload is already gone. */
export class BlobTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The upload is larger than the limit of ${limit} bytes.`);
  }
}

/**
 * A record names bytes the store no longer has: the data is damaged, not the request, hence a 500 that says which
 * blob (the error handler logs every 5xx, so the operator sees it too).
 */
export class BlobMissingError extends ApiError {
  constructor(readonly sha256: string, location: string) {
    super(500, 'BlobMissing', `The bytes with sha256 ${sha256} are missing from the blob store (${location}).`);
    this.name = 'BlobMissingError';
  }
}

/** The blob storage did not answer (down, unreachable, refusing our credentials): the caller may try again later. */
export class BlobStorageUnavailableError extends ApiError {
  constructor(location: string, reason: string) {
    super(503, 'BlobStorageUnavailable', `The blob storage (${location}) did not answer: ${reason}`, undefined, { 'Retry-After': '5' });
    this.name = 'BlobStorageUnavailableError';
  }
}

export function checkedSha256(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
  return sha256;
}
