import type { PickedFile } from './deployProtocol';
import { hasShape, isObject, isOptionalString, isString, type Method, type ParamsCheck } from './rpc';

/** The endpoint the form submits to, in words. */
export interface JobFormTarget {
  accountLabel: string;
  serviceName: string;
  endpointName: string;
}

export interface SubmitJobInit {
  target: JobFormTarget;
  /** The workspace file a right-click chose. */
  file?: PickedFile;
}

/** Where the job reads (and, for blobs, writes). */
export type JobFormInput =
  | { kind: 'file'; path: string }
  | { kind: 'connectionString'; connectionString: string; input: string; output?: string }
  | { kind: 'sasUrl'; inputUrl: string; outputUrl?: string };

export interface SubmitJobParams {
  input: JobFormInput;
  /** `name=value` lines or a JSON object, as typed. */
  globalParameters: string;
}

export type SubmitJobMethods = {
  pickFile: Method<Record<string, never>, PickedFile | null>;
  submit: Method<SubmitJobParams, { jobId: string }>;
};

/** What the host is doing for the submit ("Uploading iris.csv..."), and, later, how the job is doing. */
export type SubmitJobEvent = { kind: 'progress'; message: string } | { kind: 'job'; jobId: string; state: string; progress: string; details?: string };

const isInput = (v: unknown): v is JobFormInput =>
  isObject(v) &&
  ((v.kind === 'file' && hasShape(v, { kind: isString, path: isString })) ||
    (v.kind === 'connectionString' && hasShape(v, { kind: isString, connectionString: isString, input: isString, output: isOptionalString })) ||
    (v.kind === 'sasUrl' && hasShape(v, { kind: isString, inputUrl: isString, outputUrl: isOptionalString })));

export const submitJobParamsCheck: ParamsCheck<SubmitJobMethods> = {
  pickFile: (p): p is Record<string, never> => hasShape(p, {}),
  submit: (p): p is SubmitJobParams => hasShape(p, { input: isInput, globalParameters: isString }),
};
