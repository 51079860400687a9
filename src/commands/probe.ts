/**
 * `cf-ws-lint probe`: connect to the WebSocket endpoint Cloud Controller advertises, the way
 * a Firehose nozzle or the cf CLI v6 does (or to an app's route), and report each step. The CLI parses the flags and, with --manifest, passes
 * the endpoints the deployment model derived; this module checks the values and runs the probes.
 */
import { readFile } from 'node:fs/promises';
import { InputError } from '../util/errors.js';
import { probeEndpoint, type ProbeOptions } from '../probe/client.js';
import { endpointFromAdvertised, endpointFromUrl, parseConnectOverride, type AdvertisedEndpoint, type ProbeEndpoint } from '../probe/endpoint.js';
import { appStreamPath, authorizationHeader, parseHeader, requestPath, type Header } from '../probe/request.js';
import json from '../probe/json.js';
import type { ProbeResult } from '../probe/result.js';
import stylish from '../probe/stylish.js';

/** The flags as commander hands them over: numbers may still be strings. */
export interface ProbeCommandOptions {
  url?: string;
  connect?: string;
  hold?: string | number;
  insecure?: boolean;
  ca?: string;
  timeout?: string | number;
  format?: string;
  color?: boolean;
  /** A UAA token (`cf oauth-token`), sent as `Authorization` to the traffic controller. */
  token?: string;
  /** Probe the traffic controller's `/apps/<guid>/stream`. */
  appGuid?: string;
  /** The request path (`/firehose/<subscription-id>`, an app's WebSocket path). */
  path?: string;
  /** Extra request headers, `Name: value`. */
  header?: string[];
}

export interface CommandOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processOutput: CommandOutput = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

const DEFAULT_TIMEOUT_SECONDS = 10;

type Render = (results: readonly ProbeResult[], color: boolean) => string;

const FORMATS: Record<string, Render> = { stylish, json };

/**
 * Exit code: 0 when every endpoint upgrades (and holds, with --hold), 1 when one does not or
 * when the answer is inconclusive (a 401 from the traffic controller), 2 for a usage error. `advertised` holds the endpoints derived from a manifest (two for a
 * cf-release v1 manifest: doppler and loggregator); without it the URL is required.
 */
export async function runProbe(options: ProbeCommandOptions, advertised: readonly AdvertisedEndpoint[] = [], output: CommandOutput = processOutput): Promise<number> {
  let endpoints: ProbeEndpoint[];
  let probeOptions: ProbeOptions;
  let render: Render;
  try {
    endpoints = endpointsToProbe(options.url, advertised).map(withRequest(requestOptionsFrom(options)));
    probeOptions = await probeOptionsFrom(options);
    render = formatter(options.format);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    output.stderr(`cf-ws-lint probe: ${error.render()}\n`);
    return 2;
  }

  const results: ProbeResult[] = [];
  // One at a time, so one endpoint's timings are not skewed by another's.
  for (const endpoint of endpoints) results.push(await probeEndpoint(endpoint, probeOptions));
  output.stdout(render(results, options.color === true));
  return results.every((result) => result.ok) ? 0 : 1;
}

type Target = { endpoint: ProbeEndpoint; kind: 'log' | 'app' | 'url' };

function endpointsToProbe(url: string | undefined, advertised: readonly AdvertisedEndpoint[]): Target[] {
  if (url !== undefined && advertised.length > 0) throw new InputError('give a URL or --manifest, not both');
  if (url !== undefined) return [{ endpoint: endpointFromUrl(url), kind: 'url' }];
  if (advertised.length === 0) throw new InputError('nothing to probe: give a wss:// URL, or --manifest to probe the advertised endpoint');
  return advertised.map((a) => ({ endpoint: endpointFromAdvertised(a), kind: a.kind ?? 'log' }));
}

interface RequestOptions {
  authorization?: Header;
  /** --app-guid's stream path, for the traffic controller. */
  logPath?: string;
  /** --path, for a URL and for apps (and the traffic controller without --app-guid). */
  path?: string;
  headers: Header[];
}

function requestOptionsFrom(options: ProbeCommandOptions): RequestOptions {
  if (options.appGuid !== undefined && options.path !== undefined && options.url !== undefined) throw new InputError('--app-guid and --path: give one (--app-guid GUID is --path /apps/GUID/stream)');
  const headers = (options.header ?? []).map(parseHeader);
  const authorization = options.token !== undefined ? authorizationHeader(options.token) : undefined;
  if (authorization && headers.some(([name]) => name.toLowerCase() === 'authorization')) throw new InputError('--token and --header Authorization: give one');
  return {
    headers,
    ...(authorization ? { authorization } : {}),
    ...(options.appGuid !== undefined ? { logPath: appStreamPath(options.appGuid) } : {}),
    ...(options.path !== undefined ? { path: requestPath(options.path) } : {}),
  };
}

/**
 * Paths and headers per endpoint. The token goes to the traffic controller (and to a URL the
 * user named), never to an app: an app's route is anyone's code, and a UAA token there is leaked.
 */
function withRequest(request: RequestOptions): (target: Target) => ProbeEndpoint {
  return ({ endpoint, kind }) => {
    const path = kind === 'app' ? request.path : (request.logPath ?? request.path);
    if (kind === 'url' && path !== undefined && endpoint.path !== '/') throw new InputError(`the URL already has the path ${endpoint.path}: give it there or with --path/--app-guid, not both`);
    const headers = [...(kind !== 'app' && request.authorization ? [request.authorization] : []), ...request.headers];
    return { ...endpoint, ...(path !== undefined ? { path } : {}), ...(headers.length > 0 ? { headers } : {}) };
  };
}

async function probeOptionsFrom(options: ProbeCommandOptions): Promise<ProbeOptions> {
  const probeOptions: ProbeOptions = {
    timeoutSeconds: options.timeout === undefined ? DEFAULT_TIMEOUT_SECONDS : positiveSeconds('--timeout', options.timeout),
    insecure: options.insecure === true,
  };
  if (options.hold !== undefined) probeOptions.holdSeconds = positiveSeconds('--hold', options.hold);
  if (options.connect !== undefined) probeOptions.connect = parseConnectOverride(options.connect);
  if (options.ca !== undefined) probeOptions.ca = await caCertificates(options.ca);
  return probeOptions;
}

function positiveSeconds(flag: string, value: string | number): number {
  const seconds = typeof value === 'number' ? value : Number(value.trim() === '' ? NaN : value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new InputError(`${flag} ${value}: expected a number of seconds greater than 0`);
  return seconds;
}

async function caCertificates(file: string): Promise<string> {
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`--ca: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new InputError(`--ca: ${file} holds no PEM certificate`);
  return pem;
}

function formatter(format: string | undefined): Render {
  const name = format ?? 'stylish';
  const render = FORMATS[name];
  if (!render) throw new InputError(`--format ${name}: expected ${Object.keys(FORMATS).join(' or ')}`);
  return render;
}
