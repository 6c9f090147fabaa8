import type * as vscode from 'vscode';

/**
 * The form panels open now, one per subject ("deploy iris.onnx", "deploy model 12", "register"): opening the same
 * subject again shows its panel instead of another tab. A panel leaves when it is closed.
 */
export class OpenPanels {
  private readonly panels = new Map<string, vscode.WebviewPanel>();

  /** Shows the panel open for this subject; false when there is none. */
  reveal(subject: string): boolean {
    const panel = this.panels.get(subject);
    panel?.reveal();
    return panel !== undefined;
  }

  add(subject: string, panel: vscode.WebviewPanel): void {
    this.panels.set(subject, panel);
    panel.onDidDispose(() => {
      if (this.panels.get(subject) === panel) this.panels.delete(subject);
    });
  }
}
