import type { Frame } from 'playwright-core';

/** Where the webview page keeps the record. */
const KEY = '__modelbayDeployStepsRecording';

/**
 * Runs in the webview page: notes every state each deploy step was shown in, with its icon, as
 * "image running loading spin" or "image done pass", in a MutationObserver. A step shown and replaced again before
 * the observer runs is still noted (from the mutation's addedNodes), so a state that lasted a few milliseconds is
 * in the record. A string rather than a function: tsx's __name() helper does not exist in the page.
 */
const INSTALL = `((key) => {
  window[key]?.observer.disconnect();
  const seen = [];
  // A step's row, or anything in it (its icon changes its name as the step goes on).
  const note = (node) => {
    if (!(node instanceof Element)) return;
    const items = node.matches('li[data-step]') ? [node] : [...node.querySelectorAll('li[data-step]')];
    const inside = node.closest('li[data-step]');
    if (inside && !items.includes(inside)) items.push(inside);
    for (const item of items) {
      const icon = item.querySelector('vscode-icon');
      const text = [item.dataset.step, item.dataset.state, icon?.getAttribute('name') ?? 'no-icon', icon?.hasAttribute('spin') ? 'spin' : ''].join(' ').trim();
      if (!seen.includes(text)) seen.push(text);
    }
  };
  note(document.body);
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const added of record.addedNodes) note(added);
      note(record.target instanceof Element ? record.target : record.target.parentElement);
    }
  });
  observer.observe(document.body, { subtree: true, childList: true, attributes: true });
  window[key] = { seen, observer };
})`;

type Recorded = Record<string, { seen: string[]; observer: MutationObserver } | undefined>;

export interface DeployStepsRecording {
  /** Every "step state icon [spin]" shown since the recording started, in the order each first appeared. */
  seen(): Promise<string[]>;
  stop(): Promise<void>;
}

/** Starts recording the Deploy form's step list in `frame` (the webview page): call it before clicking Deploy. */
export async function recordDeploySteps(frame: Frame): Promise<DeployStepsRecording> {
  await frame.evaluate(`${INSTALL}(${JSON.stringify(KEY)})`);
  return {
    seen: () => frame.evaluate((key) => [...((window as unknown as Recorded)[key]?.seen ?? [])], KEY),
    stop: () => frame.evaluate((key) => (window as unknown as Recorded)[key]?.observer.disconnect(), KEY),
  };
}
