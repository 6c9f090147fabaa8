import * as vscode from 'vscode';

/**
 * Sets the `modelbay.viewOpened` context key once the Modelbay view shows (also when it already showed at start).
 * The walkthrough's first step completes on it: its `onView` event alone fires only when the view becomes visible
 * after the walkthrough is loaded, so a view already open never checked the step.
 */
export function markViewOpened(view: vscode.TreeView<unknown>): vscode.Disposable {
  const mark = () => void vscode.commands.executeCommand('setContext', 'modelbay.viewOpened', true);
  if (view.visible) mark();
  return view.onDidChangeVisibility((e) => e.visible && mark());
}
