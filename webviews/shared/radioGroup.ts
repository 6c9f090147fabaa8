import { h } from './dom';

/**
 * A vscode-radio-group and what it means. The group has no `value` of its own (its API is the radios and a
 * `change` event), so the value is read from the checked radio every time: what the user clicked is what is read.
 */
export interface RadioGroup<T extends string> {
  readonly element: HTMLElement;
  /** The checked radio's value; undefined while none is checked. */
  value(): T | undefined;
  /** Checks the radio with this value (and only it), as a click would, without a change event. */
  select(value: T): void;
  /** Runs after the user checked another radio (click or arrow keys). */
  onChange(listener: (value: T | undefined) => void): void;
}

type Radio = HTMLElement & { checked: boolean; value: string };

export function radioGroup<T extends string>(id: string, choices: readonly { value: T; label: string }[], selected?: T): RadioGroup<T> {
  const radios = choices.map((c) => h('vscode-radio', { name: id, value: c.value, label: c.label, checked: c.value === selected }) as Radio);
  const element = h('vscode-radio-group', { id }, ...radios);
  const byValue = new Map<string, T>(choices.map((c) => [c.value, c.value]));
  const value = () => byValue.get(radios.find((r) => r.checked)?.value ?? '');
  return {
    element,
    value,
    select(value) {
      for (const radio of radios) radio.checked = radio.value === value;
    },
    onChange(listener) {
      // The group's change comes from the radio that was checked, after the group unchecked the others.
      element.addEventListener('change', () => listener(value()));
    },
  };
}
