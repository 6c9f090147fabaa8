// Small helpers to build the forms from vscode-elements without innerHTML (user text is always set as text).
type Attributes = Record<string, string | boolean | number | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes?: Attributes, ...children: (Node | string)[]): HTMLElementTagNameMap[K];
export function h(tag: string, attributes?: Attributes, ...children: (Node | string)[]): HTMLElement;
export function h(tag: string, attributes: Attributes = {}, ...children: (Node | string)[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children);
  return element;
}

/** The value property of a vscode-elements control (textfield, textarea, single-select). */
export function valueOf(element: Element): string {
  return String((element as unknown as { value?: string }).value ?? '').trim();
}

export function setValue(element: Element, value: string): void {
  (element as unknown as { value: string }).value = value;
}

/** A labelled row: vscode-form-group with a label, the control, and a helper line for hints and problems. */
export function field(label: string, control: HTMLElement, hint = ''): { row: HTMLElement; helper: HTMLElement; control: HTMLElement } {
  const id = control.id || `f-${Math.random().toString(36).slice(2)}`;
  control.id = id;
  const helper = h('vscode-form-helper', {}, hint);
  const row = h('vscode-form-group', { variant: 'vertical' }, h('vscode-label', { for: id }, label), control, helper);
  return { row, helper, control };
}

/**
 * A form's problems: shown under their field and marking the control invalid. A problem with a field the user
 * has not touched yet stays quiet until a submit attempt, so an empty form does not open in red.
 */
export class FormProblems {
  private readonly touched = new WeakSet<EventTarget>();
  private submitted = false;

  constructor(root: HTMLElement) {
    for (const type of ['input', 'change']) {
      root.addEventListener(type, (event) => event.composedPath().forEach((element) => this.touched.add(element)), true);
    }
  }

  /** After a submit attempt every problem shows, touched or not. */
  markSubmitted(): void {
    this.submitted = true;
  }

  /** Shows the problem (or the hint when there is none); answers whether the field is valid. */
  show(target: { helper: HTMLElement; control: HTMLElement }, problem: string | undefined, hint = ''): boolean {
    const visible = problem !== undefined && (this.submitted || this.touched.has(target.control));
    target.helper.textContent = visible ? problem : hint;
    target.helper.classList.toggle('problem', visible);
    (target.control as unknown as { invalid: boolean }).invalid = visible;
    return problem === undefined;
  }
}

/**
 * Fills a vscode-single-select. The element reads its options when it next renders, so the selection is set again
 * once that render is done; the promise resolves then (validate after it).
 */
export async function options(select: HTMLElement, items: { value: string; label: string }[], selected?: string): Promise<void> {
  select.replaceChildren(...items.map((i) => h('vscode-option', { value: i.value, selected: i.value === selected }, i.label)));
  await customElements.whenDefined('vscode-single-select');
  await (select as unknown as { updateComplete?: Promise<unknown> }).updateComplete;
  await new Promise((resolve) => requestAnimationFrame(resolve));
  if (selected !== undefined) setValue(select, selected);
}
