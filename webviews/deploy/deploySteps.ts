import type { DeployEvent, DeployStep } from '../protocol/deployProtocol';
import { h } from '../shared/dom';

type StepState = 'waiting' | DeployEvent['state'];

/** Each state's codicon (vscode-icon); the running one spins. */
const ICONS: Record<StepState, { name: string; spin: boolean; words: string }> = {
  waiting: { name: 'circle-large-outline', spin: false, words: 'waiting' },
  running: { name: 'loading', spin: true, words: 'running' },
  done: { name: 'pass', spin: false, words: 'done' },
  failed: { name: 'error', spin: false, words: 'failed' },
};

const STEPS: readonly DeployStep[] = ['register', 'manifest', 'image', 'service'];

/** One step's row; its icon element stays, only its name changes (a new icon would load the font's sheet again). */
class StepItem {
  readonly icon = h('vscode-icon', { class: 'step-icon' });
  private readonly words = h('span', {});
  private readonly made = h('span', { class: 'made' });
  readonly element = h('li', {}, this.icon, h('span', {}, this.words, this.made));
  private label = '';

  constructor(readonly step: DeployStep) {
    this.element.dataset.step = step;
    this.show('waiting');
  }

  reset(label: string): void {
    this.label = label;
    this.words.textContent = label;
    this.show('waiting');
  }

  show(state: StepState, made?: string): void {
    const icon = ICONS[state];
    this.element.dataset.state = state;
    this.icon.setAttribute('name', icon.name);
    this.icon.toggleAttribute('spin', icon.spin);
    this.icon.className = `step-icon ${state}`;
    this.made.textContent = made ? ` · ${made}` : '';
    // The icon is hidden from screen readers (vscode-icon), so the item says its state in words.
    this.element.setAttribute('aria-label', `${this.label}: ${icon.words}${made ? `, ${made}` : ''}`);
  }
}

/**
 * The deploy's steps as a list: a codicon per state and the step's words, plus what a finished step made
 * ("iris-classifier:1, already registered"). A failed step only says so: the reason is shown once, under the list.
 * The rows are made once, with the page, so their icons have loaded before the first deploy shows them.
 */
export class DeploySteps {
  private readonly items = new Map(STEPS.map((step) => [step, new StepItem(step)]));
  readonly element = h('ol', { class: 'steps', id: 'steps', hidden: true }, ...[...this.items.values()].map((i) => i.element));

  start(steps: { step: DeployStep; label: string }[]): void {
    for (const item of this.items.values()) {
      const shown = steps.find((s) => s.step === item.step);
      item.element.hidden = !shown;
      if (shown) item.reset(shown.label);
    }
    this.element.hidden = false;
  }

  update(event: DeployEvent): void {
    this.items.get(event.step)?.show(event.state, event.state === 'done' ? event.message : undefined);
  }
}
