import { problemText } from '../shared/actions';
import { h } from '../shared/dom';
import type { Notices } from './notices';

export interface ActionOptions<T> {
  /** What to say in the area's line when it worked (nothing by default: the panel shows the result). */
  said?: (result: T) => string | undefined;
  done?: (result: T) => void;
  primary?: boolean;
}

/**
 * A button whose action reports in its area's line: its failure there, in red, next to the button pressed; never
 * in a promise nobody holds. The button is disabled while its action runs, so a double click does not run it twice.
 */
export function actionButton<T>(notices: Notices, area: string, label: string, id: string, work: () => Promise<T>, options: ActionOptions<T> = {}): HTMLElement {
  const button = h('vscode-button', { id, secondary: !options.primary }, label);
  const enabled = (on: boolean) => ((button as unknown as { disabled: boolean }).disabled = !on);
  button.addEventListener('click', () => {
    notices.clear(area);
    enabled(false);
    work()
      .then((result) => {
        const text = options.said?.(result);
        if (text) notices.show(area, text);
        options.done?.(result);
      })
      .catch((error: unknown) => notices.show(area, problemText(error), true))
      .finally(() => enabled(true));
  });
  return button;
}

/** How long a Copy button says "Copied" (its area's line keeps saying what was copied until the next action there). */
const COPIED_MS = 2_000;

/** A Copy button: after copying it reads "Copied" for a moment, and its area's line says what was copied. */
export function copyButton(notices: Notices, area: string, label: string, id: string, what: string, copy: () => Promise<unknown>): HTMLElement {
  const button = actionButton(notices, area, label, id, copy, {
    said: () => `${what} copied to the clipboard.`,
    done: () => {
      button.textContent = 'Copied';
      button.classList.add('copied');
      setTimeout(() => {
        button.textContent = label;
        button.classList.remove('copied');
      }, COPIED_MS);
    },
  });
  return button;
}
