// Small numeric helpers shared by the scoring bench's parts.
import { promises as fs } from 'node:fs';

export const percentile = (samples: number[], p: number): number => {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

export const median = (values: number[]): number => percentile(values, 50);

/** The 1-minute load average, to print beside the numbers it colours. */
export async function loadAverage(): Promise<string> {
  return (await fs.readFile('/proc/loadavg', 'utf8').catch(() => '? ? ?')).split(' ').slice(0, 3).join(' ');
}

export const fixed = (value: number, digits: number): string => (Number.isFinite(value) ? value.toFixed(digits) : '-');
