import type * as vscode from 'vscode';
import { historyKey, validEntries, withEntry, type HistoryEntry } from './history';

/** The last sends per endpoint, in globalState (machine-wide, like the accounts they belong to). */
export class RequestHistory {
  /** Appends run one after another, so two quick sends cannot overwrite each other's entry. */
  private writes: Promise<unknown> = Promise.resolve();

  constructor(private readonly state: vscode.Memento) {}

  entries(endpointId: string): HistoryEntry[] {
    return validEntries(this.state.get(historyKey(endpointId)));
  }

  add(endpointId: string, entry: HistoryEntry): Promise<void> {
    const write = this.writes.then(() => this.state.update(historyKey(endpointId), withEntry(this.entries(endpointId), entry)));
    this.writes = write.catch(() => undefined);
    return write;
  }
}
