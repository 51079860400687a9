/**
 * The rule registry, in id order. A retired id is never reused: leave a comment in its slot.
 */
import appDomainWebsockets from './app-domain-websockets.js';
import backendPortServedByGorouter from './backend-port-served-by-gorouter.js';
import forwardedHeaders from './forwarded-headers.js';
import haproxy4443NeedsTls from './haproxy-4443-needs-tls.js';
import idleTimeouts from './idle-timeouts.js';
import legacyLoggregatorEndpoint from './legacy-loggregator-endpoint.js';
import listenerPassesWebsockets from './listener-passes-websockets.js';
import no8443WebsocketPort from './no-8443-websocket-port.js';
import obsoleteLoggingProperties from './obsolete-logging-properties.js';
import proxyProtocolAgrees from './proxy-protocol-agrees.js';
import type { Rule } from './rule.js';
import websocketHttp2Backend from './websocket-http2-backend.js';
import websocketPortHasListener from './websocket-port-has-listener.js';
import websocketTlsMatches from './websocket-tls-matches.js';

export const rules: readonly Rule<string, any>[] = [
  websocketPortHasListener, // CFWS001
  listenerPassesWebsockets, // CFWS002
  websocketTlsMatches, // CFWS003
  backendPortServedByGorouter, // CFWS004
  forwardedHeaders, // CFWS005
  proxyProtocolAgrees, // CFWS006
  no8443WebsocketPort, // CFWS007
  obsoleteLoggingProperties, // CFWS008
  idleTimeouts, // CFWS009
  legacyLoggregatorEndpoint, // CFWS010
  haproxy4443NeedsTls, // CFWS011
  websocketHttp2Backend, // CFWS012
  appDomainWebsockets, // CFWS013
];

