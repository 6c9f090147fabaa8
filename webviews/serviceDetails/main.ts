import '../shared/elements';
import type { EndpointView, ServiceDetails, ServiceDetailsEvent, ServiceDetailsMethods } from '../protocol/serviceDetailsProtocol';
import { h } from '../shared/dom';
import { Rpc } from '../shared/rpcClient';
import { AddEndpointForm } from './addEndpointForm';
import { deploymentsTable } from './deploymentsTable';
import { endpointCards } from './endpointCards';
import { EndpointSettingsForm } from './endpointSettingsForm';
import { Notices } from './notices';
import type { PanelContext } from './panelContext';
import { summary } from './summary';

// The Service Details panel: the host sends the service at `init` and again whenever it changes (a `details`
// event); the parts that show it are drawn again then, while the Add form is kept so nothing typed is lost.

/** The page: the service's parts, drawn again when it changes, and the Add form, kept. */
class ServiceDetailsPage {
  private readonly notices = new Notices();
  private readonly rpc = new Rpc<ServiceDetailsMethods, ServiceDetails, ServiceDetailsEvent>((details) => this.show(details), (event) => this.onEvent(event));
  private readonly context: PanelContext = { rpc: this.rpc, notices: this.notices };
  private readonly form = new AddEndpointForm(this.context);
  private readonly title = h('h1', {});
  private readonly summary = h('div', {});
  private readonly endpoints = h('div', {});
  private readonly deployments = h('div', {});
  /** Each endpoint's settings form, kept across refreshes (what is typed there stays); dropped with its endpoint. */
  private readonly settings = new Map<string, EndpointSettingsForm>();
  /** What is drawn now, to skip drawing the same again. */
  private shown = '';

  constructor(private readonly app: HTMLElement) {}

  show(details: ServiceDetails): void {
    this.form.update(details);
    // The same service again (a refresh that found nothing new) is not drawn again: focus and hover stay put.
    const key = JSON.stringify(details);
    if (key === this.shown) return;
    this.shown = key;
    this.title.textContent = `Service ${details.name}`;
    this.summary.replaceChildren(summary(this.context, details, (next) => this.show(next)));
    for (const name of this.settings.keys()) if (!details.endpoints.some((e) => e.name === name)) this.settings.delete(name);
    this.endpoints.replaceChildren(endpointCards(this.context, details, (endpoint) => this.settingsOf(endpoint)));
    this.deployments.replaceChildren(deploymentsTable(details));
    if (!this.app.contains(this.summary)) {
      // A Reader looks only: no Add form, and a line saying why nothing here changes the service.
      const adding = details.readOnly
        ? [h('p', { class: 'notice', id: 'read-only' }, 'You can look but not change: keys, tests and changes need Contributor on this account.')]
        : [h('h2', {}, 'Add an endpoint'), this.form.element];
      this.app.replaceChildren(this.title, this.summary, h('h2', {}, 'Endpoints'), this.endpoints, ...adding, h('h2', {}, 'Deployments'), this.deployments);
    }
    this.app.removeAttribute('aria-busy');
  }

  private settingsOf(endpoint: EndpointView): EndpointSettingsForm {
    let form = this.settings.get(endpoint.name);
    if (form) form.update(endpoint);
    else this.settings.set(endpoint.name, (form = new EndpointSettingsForm(this.context, endpoint)));
    return form;
  }

  private onEvent(event: ServiceDetailsEvent): void {
    switch (event.kind) {
      case 'details':
        this.show(event.details);
        return;
      case 'refreshFailed':
        this.notices.show('service', event.message, true);
        return;
      case 'gone':
        // Nothing here can act any more: say so where the service was shown, and keep nothing to click.
        this.shown = '';
        this.app.replaceChildren(this.title, h('p', { class: 'problem', id: 'gone', role: 'status' }, event.message));
        this.app.removeAttribute('aria-busy');
        return;
    }
  }
}

new ServiceDetailsPage(document.getElementById('app')!);
