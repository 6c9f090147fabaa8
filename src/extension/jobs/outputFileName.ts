import * as path from 'node:path';
import type { JobOutputLocation } from '../../api/schemas';
import type { TrackedJob } from './trackedJob';

/** The file name an output gets: `<input>.<output>.<job>.csv` (the output's own extension, else the input's). */
export function outputFileName(job: Pick<TrackedJob, 'label' | 'jobId'>, outputName: string, location: Pick<JobOutputLocation, 'RelativeLocation'>): string {
  const fromOutput = path.extname(location.RelativeLocation.split('?')[0] ?? '');
  const inputExt = path.extname(job.label);
  const stem = path.basename(job.label, inputExt).replace(/[^\w.-]+/g, '_') || 'job';
  const ext = /^\.\w{1,8}$/.test(fromOutput) ? fromOutput : inputExt || '.csv';
  return `${stem}.${outputName.replace(/[^\w-]+/g, '_')}.${job.jobId.slice(0, 8)}${ext}`;
}
