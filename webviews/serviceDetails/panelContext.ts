import type { ServiceDetails, ServiceDetailsEvent, ServiceDetailsMethods } from '../protocol/serviceDetailsProtocol';
import type { Rpc } from '../shared/rpcClient';
import type { Notices } from './notices';

/** What every part of the panel acts through: the host's methods, and the message lines next to the buttons. */
export interface PanelContext {
  rpc: Rpc<ServiceDetailsMethods, ServiceDetails, ServiceDetailsEvent>;
  notices: Notices;
}
