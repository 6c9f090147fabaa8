import type { DeployEvent, DeployStep } from '../protocol/deployProtocol';
import { h } from '../shared/dom';

type StepState = 'waiting' | DeployEvent['state'];

/** Each state's codicon (vscode-icon); the running one spins. */
const ICONS: Record<StepState, { name: string; spin?: boolean; label: string }> = {
  waiting: { name: 'circle-large-outline', label: 'waiting' },
  running: { name: 'loading', spin: true, label: 'running' },
  done: { name: 'pass', label: 'done' },
  failed: { name: 'error', label: 'failed' },
};

/**
 * The deploy's steps as a list: a codicon per state and the step's words, plus what a finished step made
 * ("iris-classifier:1, already registered"). A failed step only says so: the reason is shown once, under the list.
 */
export class DeploySteps {
  readonly element = h('ol', { class: 'steps', id: 'steps' });
  private labels = new Map<DeployStep, string>();

  start(steps: { step: DeployStep; label: string }[]): void {
    this.labels = new Map(steps.map((s) => [s.step, s.label]));
    this.element.replaceChildren(...steps.map((s) => this.item(s.step, 'waiting')));
  }

  update(event: DeployEvent): void {
    const current = this.element.querySelector(`[data-step="${event.step}"]`);
    current?.replaceWith(this.item(event.step, event.state, event.state === 'done' ? event.message : undefined));
  }

  private item(step: DeployStep, state: StepState, made?: string): HTMLElement {
    const icon = ICONS[state];
    const label = this.labels.get(step) ?? step;
    // The icon is hidden from screen readers (vscode-icon), so the item says its state in words.
    return h(
      'li',
      { 'data-step': step, 'data-state': state, 'aria-label': `${label}: ${icon.label}${made ? `, ${made}` : ''}` },
      h('vscode-icon', { name: icon.name, spin: icon.spin, class: `step-icon ${state}` }),
      h('span', {}, label, ...(made ? [h('span', { class: 'made' }, ` · ${made}`)] : [])),
    );
  }
}
