/** How a key is shown where it may be seen over a shoulder: its first and last four characters only. */
export function maskKey(key: string): string {
  return `${key.slice(0, 4)}${'•'.repeat(8)}${key.slice(-4)}`;
}
