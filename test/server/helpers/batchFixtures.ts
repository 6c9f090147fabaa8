import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Image, JobStatus } from '../../../src/api/schemas';
import { buildImage, deployImage, sampleFile, type Deployed } from './deploy';
import type { AccountClient } from '../../../src/api/client';
import { download } from './besCalls';

/**
 * A Node driver for jobs: doubles column n of input1 (`{n, twice}`), after GlobalParameters.delayMs (plus
 * delayPerRowMs for each row), and refuses a
 * row whose n is not a number with a 400 naming the row and column, as the feature hashing sample does.
 */
export const DOUBLING_JOB_DRIVER = `
exports.init = () => {};
exports.run = async (input) => {
  const g = input.GlobalParameters || {};
  const delay = (Number(g.delayMs) || 0) + (Number(g.delayPerRowMs) || 0) * input.Inputs.input1.length;
  if (delay) await new Promise((r) => setTimeout(r, delay));
  return { output1: input.Inputs.input1.map((r, i) => {
    const n = Number(r.n);
    if (r.n === '' || !Number.isFinite(n)) {
      const error = new Error('Inputs.input1[' + i + '].n is not a number: ' + JSON.stringify(r.n));
      error.statusCode = 400;
      throw error;
    }
    return { n: r.n, twice: n * 2 };
  }) };
};
`;

/** The feature hashing sample (Node) and the doubling driver, deployed. */
export async function deployJobDrivers(account: AccountClient): Promise<{ hashing: Deployed; doubling: Deployed; doublingImage: Image }> {
  const readme = await sampleFile('feature-hashing/README.md');
  const hashingImage = await buildImage(account, 'hash-js', 'Node', { 'score.js': await sampleFile('feature-hashing/score.js') }, { driver: 'score.js', model: { file: 'README.md', content: readme } });
  const doublingImage = await buildImage(account, 'doubling', 'Node', { 'score.js': DOUBLING_JOB_DRIVER }, { driver: 'score.js' });
  return { hashing: await deployImage(account, hashingImage, 'hash-js'), doubling: await deployImage(account, doublingImage, 'doubling'), doublingImage };
}

/** The jobs URL beside an endpoint's scoring URL, and at the classic address. */
export const jobsUrl = (d: Deployed) => `${d.endpoint.scoringUri}/jobs`;
export const classicJobsUrl = (d: Deployed) => d.endpoint.rrsUri.replace(/\/execute$/, '/jobs');

/** Writes `<data>/config.json` admitting the given storage prefixes. */
export async function writeStorageConfig(dataDir: string, prefixes: string[]): Promise<void> {
  await fs.writeFile(path.join(dataDir, 'config.json'), JSON.stringify({ allowedStorageUrlPrefixes: prefixes }));
}

// The sample's own functions compute the expected counts (its README checks them by hand).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const hashing = require('../../../samples/feature-hashing/score.js') as { hashFeatures(text: string, bitsize: number): number[] };

/** The output CSV the feature hashing sample must give for these texts (header, CRLF line ends). */
export function expectedHashingCsv(texts: string[], delimiter = ','): string {
  const header = Array.from({ length: 8 }, (_, i) => `HashingFeature.${i}`).join(delimiter);
  return [header, ...texts.map((t) => hashing.hashFeatures(t, 3).join(delimiter))].map((line) => `${line}\r\n`).join('');
}

/** Downloads output `name` of a finished job with nothing but its Results link. */
export async function downloadOutput(status: JobStatus, name = 'output1'): Promise<string> {
  const location = status.Results?.[name];
  if (!location) throw new Error(`no Results.${name} in ${JSON.stringify(status)}`);
  const answer = await download(location.BaseLocation + location.RelativeLocation + location.SasBlobToken);
  if (answer.status !== 200) throw new Error(`downloading ${name} answered ${answer.status}: ${answer.text}`);
  return answer.text;
}
