import type { ServiceNameCheck } from '../protocol/deployProtocol';

/**
 * Asks the host whether a service name exists, as the user types it. Only the answer for what the field holds now
 * counts: an answer for an older name is dropped, so a slow answer cannot undo a newer one.
 */
export class ServiceNameLookup {
  private asked: { key: string; answer: Promise<ServiceNameCheck> } | undefined;
  private known: { key: string; check: ServiceNameCheck } | undefined;

  constructor(
    private readonly ask: (accountId: string, name: string) => Promise<ServiceNameCheck>,
    private readonly onAnswer: () => void,
  ) {}

  /** The answer for this name if it has come (undefined until then). */
  knownFor(accountId: string, name: string): ServiceNameCheck | undefined {
    return this.known?.key === keyOf(accountId, name) ? this.known.check : undefined;
  }

  /** Asks for this name unless it was the last one asked; `onAnswer` runs when the answer comes and still counts. */
  lookUp(accountId: string, name: string): void {
    this.answer(accountId, name).catch(() => undefined); // asked again next time; the Deploy button shows a failure
  }

  /** The answer for this name: the one asked for already, or a new question. */
  answer(accountId: string, name: string): Promise<ServiceNameCheck> {
    const key = keyOf(accountId, name);
    if (this.asked?.key === key) return this.asked.answer;
    const answer = this.ask(accountId, name);
    this.asked = { key, answer };
    void answer.then(
      (check) => {
        if (this.asked?.key !== key) return;
        this.known = { key, check };
        this.onAnswer();
      },
      () => {
        // Asked again next time; the caller that awaits it (the Deploy button) shows the failure.
        if (this.asked?.key === key) this.asked = undefined;
      },
    );
    return answer;
  }

  /** Asks again even for the same name (after a deploy created or changed the service). */
  forget(): void {
    this.asked = undefined;
    this.known = undefined;
  }
}

const keyOf = (accountId: string, name: string) => JSON.stringify([accountId, name]);
