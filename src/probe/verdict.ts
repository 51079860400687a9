/**
 * What a real foundation's answer to the upgrade request proves. Through the load balancer,
 * gorouter and the traffic controller each answer in their own way
 * (shared/reference/cf-domain.md §9.6):
 * - gorouter, host not in its table: 404 with `X-Cf-Routererror: unknown_route`
 *   (gorouter handlers/lookup.go handleMissingRoute);
 * - the traffic controller checks the token before it looks at the upgrade: 401 without one
 *   (`WWW-Authenticate: Basic`), 401 for a refused Firehose token, 404 when Cloud Controller
 *   says the token may not read the app's logs (log_access_middleware.go,
 *   admin_access_middleware.go);
 * - gorilla/websocket, authorized but without `Upgrade`/`Connection`: 400 with
 *   `Sec-Websocket-Version: 13` (server.go Upgrader.Upgrade).
 * An answer that only shows the request reached a server checking credentials proves DNS,
 * TCP, TLS and routing, not the Upgrade: that is "inconclusive", never a pass.
 */
import { plainRequestToTlsPort, statusFailure } from './explain.js';
import type { ResponseHead } from './handshake.js';
import { isTrafficControllerPath } from './request.js';

export interface AnswerVerdict {
  verdict: 'fails' | 'inconclusive';
  detail: string;
}

export interface RequestFacts {
  host: string;
  path: string;
  /** An Authorization header was sent (--token, or --header). */
  authorized: boolean;
  /** The request went over TLS (wss://). */
  secure: boolean;
}

/**
 * What a TLS-terminating web server says when plain HTTP reaches its TLS port, in the body of
 * its 400: nginx ("The plain HTTP request was sent to HTTPS port", ngx_http_special_response.c)
 * and Apache httpd ("You're speaking plain HTTP to an SSL-enabled server port").
 */
const PLAIN_HTTP_ON_TLS_PORT = /(?:The )?plain HTTP request was sent to HTTPS port|speaking plain HTTP to an SSL-enabled server port/i;

const INCONCLUSIVE = 'inconclusive: DNS, TCP, TLS and routing to it work, but the server answered before looking at the WebSocket Upgrade, so whether the load balancer passes it is unproven';

/** The verdict on a response other than 101. */
export function answerVerdict(head: ResponseHead, request: RequestFacts): AnswerVerdict {
  const seen = `HTTP ${head.status}${head.reason ? ` ${head.reason}` : ''}`;
  const routerError = head.headers['x-cf-routererror'];
  const toTrafficController = isTrafficControllerPath(request.path);
  if (head.status === 404 && routerError === 'unknown_route') {
    return { verdict: 'fails', detail: `${seen}, X-Cf-Routererror unknown_route: a gorouter answered, but no route is mapped to ${request.host} (push or map the app, or check the host name)` };
  }
  if (head.status === 401 && routerError === undefined) {
    const why = request.authorized
      ? 'the token was refused (expired, or not a UAA token of this foundation: `cf oauth-token` prints a fresh one)'
      : 'no token was sent (give --token, or CF_WS_LINT_TOKEN; `cf oauth-token` prints one)';
    return { verdict: 'inconclusive', detail: `${seen} from a server that checks credentials, as the traffic controller does: ${why}; ${INCONCLUSIVE}` };
  }
  if (toTrafficController && routerError === undefined && (head.status === 403 || (head.status === 404 && request.authorized))) {
    const why = request.path.startsWith('/firehose/')
      ? 'the token lacks the doppler.firehose scope'
      : 'Cloud Controller says this token may not read the app\'s logs, or there is no app with this GUID';
    return { verdict: 'inconclusive', detail: `${seen} from the traffic controller: ${why}; ${INCONCLUSIVE}` };
  }
  // The body's start, if it came with the head (both servers send them in one write).
  const plainOnTls = head.status === 400 && !request.secure ? PLAIN_HTTP_ON_TLS_PORT.exec(head.rest.subarray(0, 2048).toString('latin1'))?.[0] : undefined;
  if (plainOnTls) return { verdict: 'fails', detail: plainRequestToTlsPort(head, plainOnTls) };
  if (head.status === 400 && head.headers['sec-websocket-version'] !== undefined) {
    return { verdict: 'fails', detail: `${seen} with Sec-WebSocket-Version (gorilla/websocket's answer to a request without Upgrade or Connection): the server behind the load balancer got the request, but the load balancer dropped the Upgrade header` };
  }
  if (head.status === 404 && routerError === undefined && !toTrafficController && request.path === '/') {
    return { verdict: 'fails', detail: `${statusFailure(head)}; the traffic controller serves only /apps/<guid>/stream and /firehose/<subscription-id>: give --app-guid GUID (with --token) to reach it` };
  }
  return { verdict: 'fails', detail: statusFailure(head) };
}
