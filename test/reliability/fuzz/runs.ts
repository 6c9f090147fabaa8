/** Inputs per route: 200 in `npm test`, 10,000 in the full run (`npm run test:reliability`), or MODELBAY_FUZZ_RUNS. */
export function fuzzRuns(): number {
  const given = Number(process.env.MODELBAY_FUZZ_RUNS);
  if (Number.isInteger(given) && given > 0) return given;
  return process.env.MODELBAY_RELIABILITY === 'full' ? 10_000 : 200;
}

/**
 * The seed of this run: MODELBAY_FUZZ_SEED to repeat one; under CI a fixed one, so CI fails only for a change of
 * the service, not for an input it never saw before; otherwise a new one each run (printed with the table).
 */
export function fuzzSeed(): number {
  const given = Number(process.env.MODELBAY_FUZZ_SEED);
  if (process.env.MODELBAY_FUZZ_SEED !== undefined && Number.isInteger(given)) return given;
  return process.env.CI === 'true' ? 20_261_201 : Math.floor(Math.random() * 2 ** 31);
}
