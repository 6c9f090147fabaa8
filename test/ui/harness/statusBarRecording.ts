import type { Page } from 'playwright-core';

/** Where the page keeps the record (one recording at a time; a new one replaces the old). */
const KEY = '__modelbayStatusBarRecording';

/**
 * Runs in the page: notes the text of every status-bar item there now, and of every item added or changed from
 * then on, in a MutationObserver. An item added and removed again before the observer runs is still noted (from
 * the mutation's addedNodes), so nothing that was ever shown escapes the record, however briefly it showed.
 * A string rather than a function: tsx compiles the tests with keepNames, and the __name() helper it adds to named
 * functions does not exist in the page.
 */
const INSTALL = `((key) => {
  window[key]?.observer.disconnect();
  const bar = document.querySelector('.part.statusbar');
  if (!bar) throw new Error('the workbench has no status bar');
  const texts = [];
  const note = (node) => {
    if (!(node instanceof Element)) return;
    const items = node.matches('.statusbar-item') ? [node] : [...node.querySelectorAll('.statusbar-item')];
    const inside = node.closest('.statusbar-item');
    if (inside && !items.includes(inside)) items.push(inside);
    for (const item of items) {
      const text = (item.textContent ?? '').replace(/\\s+/g, ' ').trim();
      if (text && !texts.includes(text)) texts.push(text);
    }
  };
  note(bar);
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const added of record.addedNodes) note(added);
      note(record.target instanceof Element ? record.target : record.target.parentElement);
    }
  });
  observer.observe(bar, { subtree: true, childList: true, characterData: true, attributes: true });
  window[key] = { texts, observer };
})`;

type Recorded = Record<string, { texts: string[]; observer: MutationObserver } | undefined>;

/** What the status bar showed since the recording started. */
export interface StatusBarRecording {
  /** Every text an item showed, in the order each first appeared. */
  texts(): Promise<string[]>;
  /**
   * The first recorded text that matches, waiting up to `timeoutMs` for one. It waits on the record, not on the
   * status bar: an item that came and went before this was called is found all the same.
   */
  seen(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

/** Starts recording the status bar of the workbench in `page`: call it before the action whose effect it shows. */
export async function recordStatusBar(page: Page): Promise<StatusBarRecording> {
  await page.evaluate(`${INSTALL}(${JSON.stringify(KEY)})`);
  const texts = () => page.evaluate((key) => [...((window as unknown as Recorded)[key]?.texts ?? [])], KEY);
  return {
    texts,
    async seen(pattern, timeoutMs = 60_000) {
      try {
        await page.waitForFunction(
          ({ key, source, flags }) => (window as unknown as Recorded)[key]?.texts.some((text) => new RegExp(source, flags).test(text)),
          { key: KEY, source: pattern.source, flags: pattern.flags },
          { timeout: timeoutMs, polling: 100 },
        );
      } catch (error) {
        throw new Error(`the status bar never showed ${String(pattern)}; it showed: ${JSON.stringify(await texts())}`, { cause: error });
      }
      return (await texts()).find((text) => pattern.test(text))!;
    },
    async stop() {
      await page.evaluate((key) => (window as unknown as Recorded)[key]?.observer.disconnect(), KEY);
    },
  };
}
