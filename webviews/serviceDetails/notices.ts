import { h } from '../shared/dom';

interface Notice {
  text: string;
  problem: boolean;
}

/**
 * One message line per area of the panel (the service, each endpoint card, the add form): what an action there
 * did, or why it failed, shown next to the buttons that caused it. Kept across re-renders: a card drawn again after
 * a change shows its area's message still.
 */
export class Notices {
  private readonly notices = new Map<string, Notice>();
  private readonly lines = new Map<string, HTMLElement>();

  /** A new line element for an area (the one drawn last is the one updated). */
  line(area: string): HTMLElement {
    const element = h('p', { class: 'notice', role: 'status', 'data-notice': area });
    this.lines.set(area, element);
    this.paint(area);
    return element;
  }

  show(area: string, text: string, problem = false): void {
    this.notices.set(area, { text, problem });
    this.paint(area);
  }

  clear(area: string): void {
    this.notices.delete(area);
    this.paint(area);
  }

  private paint(area: string): void {
    const element = this.lines.get(area);
    if (!element) return;
    const notice = this.notices.get(area);
    element.textContent = notice?.text ?? '';
    element.classList.toggle('problem', notice?.problem === true);
    element.hidden = notice === undefined;
  }
}
