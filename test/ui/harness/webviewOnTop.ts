import { selectors } from 'playwright-core';

/** The selector engine's name: `webview-on-top=<css>` matches the elements of `<css>` a click would reach. */
export const WEBVIEW_ON_TOP = 'webview-on-top';

/**
 * A webview the workbench keeps alive can stay laid out under the one in front (an earlier form in the same editor
 * group): both are "visible" to Playwright, and a click on the one below lands on the one above. This engine keeps
 * only the elements that are the topmost element at one of five points of their box, as a person's click would
 * find them, and is evaluated afresh on every retry of a locator. Plain page script (a string), so no transpiler
 * helper ends up in the page.
 */
const ENGINE = `({
  queryAll(root, selector) {
    const points = [[0.5, 0.5], [0.1, 0.1], [0.9, 0.1], [0.1, 0.9], [0.9, 0.9]];
    return Array.from(root.querySelectorAll(selector)).filter((element) => {
      const box = element.getBoundingClientRect();
      if (box.width < 4 || box.height < 4) return false;
      return points.some(([x, y]) =>
        element.ownerDocument.elementFromPoint(box.left + box.width * x, box.top + box.height * y) === element);
    });
  },
  query(root, selector) {
    return this.queryAll(root, selector)[0] || null;
  },
})`;

/** Registers the engine once per process, before the first browser context is made. */
export async function registerWebviewOnTop(): Promise<void> {
  try {
    await selectors.register(WEBVIEW_ON_TOP, { content: ENGINE });
  } catch (error) {
    if (!/already registered/i.test((error as Error).message)) throw error;
  }
}
