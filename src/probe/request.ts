/**
 * What the probe's upgrade request asks for beyond the handshake: a path, a UAA token, extra
 * headers. A healthy traffic controller serves only `/apps/<guid>/stream` and
 * `/firehose/<subscription-id>` and checks a token before it looks at the upgrade
 * (loggregator-release src/trafficcontroller/internal/proxy/doppler_proxy.go), so probing a
 * real foundation needs them. Every value is checked here: a CR or LF would end the header
 * line and let a value write headers of its own.
 */
import { InputError } from '../util/errors.js';
import { escapeText } from '../util/escape.js';

export type Header = readonly [name: string, value: string];

/** Headers the probe writes itself; a second copy would make the handshake ambiguous. */
const OWN_HEADERS = new Set(['host', 'upgrade', 'connection', 'sec-websocket-key', 'sec-websocket-version']);

/** RFC 9110 §5.1: a field name is a token. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Control characters other than tab (C0, DEL, C1) and the Unicode line separators. RFC 9110
 * §5.5: CR, LF and NUL are never allowed in a field value and other CTLs are invalid; C1's NEL
 * and U+2028/U+2029 are line breaks to YAML, JavaScript and many log viewers. Tab is allowed
 * inside a header value (RFC 9110 §5.5); a path refuses it as whitespace.
 */
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]/;

/** loggregator-release log_access_middleware.go only accepts a GUID in /apps/<guid>/stream. */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every value the user gives that goes into the upgrade request (the URL, --path, --app-guid,
 * --header, --token, --app-host) is checked here, by the option that took it, before anything
 * is sent: no later check (a URL parser that drops CR and LF, a regex that happens to refuse
 * them) is relied on to keep a line break out of the request.
 */
export function refuseControlCharacters(option: string, text: string): void {
  const found = CONTROL.exec(text);
  if (found) throw new InputError(`${option}: contains a control character (${escapeText(found[0])}), which would end or corrupt a line of the upgrade request; refused`);
}

/** `--header 'Name: value'`. */
export function parseHeader(text: string): Header {
  refuseControlCharacters('--header', text);
  const colon = text.indexOf(':');
  const name = colon > 0 ? text.slice(0, colon).trim() : '';
  if (!TOKEN.test(name)) throw new InputError(`--header ${JSON.stringify(text)}: expected 'Name: value'`);
  if (OWN_HEADERS.has(name.toLowerCase())) throw new InputError(`--header ${name}: the probe sets this header itself`);
  return [name, text.slice(colon + 1).trim()];
}

/**
 * `--token` / CF_WS_LINT_TOKEN: what `cf oauth-token` prints (`bearer eyJ...`), sent as the
 * `Authorization` header. The traffic controller passes it unchanged to Cloud Controller for
 * app streams and strips a lower-case `bearer ` for the Firehose (auth/*_authorizer.go), so a
 * bare token gets that prefix.
 */
export function authorizationHeader(token: string): Header {
  refuseControlCharacters('--token', token);
  const trimmed = token.trim();
  if (trimmed === '') throw new InputError('--token: empty (`cf oauth-token` prints one)');
  return ['Authorization', /^bearer\s/i.test(trimmed) ? `bearer ${trimmed.replace(/^bearer\s+/i, '')}` : `bearer ${trimmed}`];
}

/** `--app-guid`: the traffic controller's app log stream. */
export function appStreamPath(guid: string): string {
  refuseControlCharacters('--app-guid', guid);
  if (!GUID.test(guid.trim())) throw new InputError(`--app-guid ${JSON.stringify(guid)}: expected an app GUID (\`cf app NAME --guid\` prints it)`);
  return `/apps/${guid.trim().toLowerCase()}/stream`;
}

/** `--path /firehose/my-nozzle`: a request target, as it goes on the request line. */
export function requestPath(path: string): string {
  refuseControlCharacters('--path', path);
  if (!path.startsWith('/') || /\s/.test(path)) throw new InputError(`--path ${JSON.stringify(path)}: expected a path starting with / and without spaces`);
  return path;
}

/** Is this a path the traffic controller serves? Its 401/403/404 there are its own answers. */
export function isTrafficControllerPath(path: string): boolean {
  return /^\/apps\/[^/]+\/stream(\?|$)/.test(path) || /^\/firehose\/[^/?]+(\?|$)/.test(path);
}
