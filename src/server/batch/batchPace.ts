/** The most rows a batch takes, however fast the model. */
export const MAX_BATCH_ROWS = 500;
/** How long one batch should keep a replica busy: about what a synchronous call may wait behind it. */
export const TARGET_BATCH_MS = 100;
const FIRST_BATCH_ROWS = 100;

/**
 * How many rows the next batch takes: sized from how long the last ones took, so a batch keeps a replica about
 * TARGET_BATCH_MS whatever the model's speed (a fast model gets up to MAX_BATCH_ROWS rows, a slow one a few), and a
 * synchronous call waits no longer than that behind it. Changes at most twofold per batch, so one odd call does not
 * swing it.
 */
export class BatchPace {
  rows = FIRST_BATCH_ROWS;

  /** A batch of `rows` rows was answered in `ms`. */
  answered(rows: number, ms: number): void {
    if (rows < this.rows && ms < TARGET_BATCH_MS) return; // a short batch (the input's last) says little
    const fitted = Math.round((rows * TARGET_BATCH_MS) / Math.max(ms, 1));
    this.rows = Math.min(MAX_BATCH_ROWS, Math.max(1, Math.floor(this.rows / 2), Math.min(fitted, this.rows * 2)));
  }

  /** A batch of `rows` rows ran past the service's time limit: later batches are at most half as big. */
  timedOut(rows: number): void {
    this.rows = Math.max(1, Math.min(this.rows, Math.ceil(rows / 2)));
  }
}
