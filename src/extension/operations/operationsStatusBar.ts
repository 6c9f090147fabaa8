import * as vscode from 'vscode';
import type { OperationTracker } from './operationTracker';

/** The status-bar item: a spinner, how many operations run, and the newest one's name; hidden when none runs. */
export function operationsStatusBar(tracker: OperationTracker): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('modelbay.operations', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Modelbay Operations';
  item.command = 'modelbay.showOperations';
  const render = () => {
    const running = tracker.inFlight();
    if (running.length === 0) {
      item.hide();
      return;
    }
    const newest = running[0]!;
    item.text = `$(sync~spin) Modelbay ${running.length} · ${newest.label}`;
    item.tooltip = new vscode.MarkdownString(['**Modelbay operations in flight**', ...running.map((op) => `- ${op.label} (since ${new Date(op.startedAt).toLocaleTimeString()})`)].join('\n'));
    item.show();
  };
  const subscription = tracker.onDidChange(render);
  render();
  return vscode.Disposable.from(item, subscription);
}
