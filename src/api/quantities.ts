/** Parses Kubernetes quantities as the API takes them: memory "512Mi", "1Gi", "500M", "1e9"; cpu "0.5", "500m". */
const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
const DECIMAL: Record<string, number> = { '': 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, m: 1e-3 };

function parse(text: string): number | undefined {
  const match = /^([0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)(Ki|Mi|Gi|Ti|k|K|M|G|T|m)?$/.exec(text.trim());
  if (!match) return undefined;
  const unit = match[2] ?? '';
  const factor = BINARY[unit] ?? DECIMAL[unit];
  const value = Number(match[1]) * factor!;
  return Number.isFinite(value) ? value : undefined;
}

/** Bytes, or a message saying why the text is not a memory quantity. */
export function parseMemory(text: string): { bytes: number } | { problem: string } {
  const value = parse(text);
  if (value === undefined) return { problem: `'${text}' is not a memory quantity (e.g. 256Mi, 1Gi, 500M)` };
  if (value < 16 * 2 ** 20) return { problem: `'${text}' is below the 16Mi a replica needs` };
  return { bytes: Math.floor(value) };
}

/** Cores, or a message saying why the text is not a cpu quantity. */
export function parseCpu(text: string): { cores: number } | { problem: string } {
  const value = parse(text);
  if (value === undefined || /[KMGTi]/.test(text)) return { problem: `'${text}' is not a cpu quantity (e.g. 0.5, 500m, 2)` };
  if (value <= 0) return { problem: `'${text}' must be more than 0` };
  return { cores: value };
}
