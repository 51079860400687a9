/**
 * `cf-ws-lint probe`, wired: with --manifest, the endpoints come from the deployment model
 * (the same reading lint uses), so the probe tests exactly what Cloud Controller advertises;
 * with --app-host, also the route of a WebSocket app on each app domain.
 */
import { InputError } from '../util/errors.js';
import { loadManifest } from '../bosh/manifest.js';
import { readTextFile } from '../util/read-file.js';
import { DOMAIN_NAME } from '../model/app-domains.js';
import { buildDeployment } from '../model/deployment.js';
import type { AdvertisedEndpoint } from '../probe/endpoint.js';
import { refuseControlCharacters } from '../probe/request.js';
import { runProbe, type ProbeCommandOptions } from './probe.js';

export interface ProbeFlags extends Omit<ProbeCommandOptions, 'url'> {
  manifest?: string;
  opsFile: string[];
  var: string[];
  varsFile: string[];
  varFile: string[];
  varsEnv: string[];
  varErrs?: boolean;
  /** The host of a WebSocket app the operator has pushed: probed on every app domain. */
  appHost?: string;
  appDomain?: string[];
}

export function advertisedEndpoints(flags: ProbeFlags): AdvertisedEndpoint[] {
  // The values first: what is wrong with one is the clearer message, with or without --manifest.
  const appHost = flags.appHost;
  if (appHost !== undefined) {
    // The host goes into the Host header and SNI of the app's probe.
    refuseControlCharacters('--app-host', appHost);
    if (!DOMAIN_NAME.test(appHost)) throw new InputError(`--app-host ${JSON.stringify(appHost)}: expected the host of an app route, such as myapp`);
  }
  for (const domain of flags.appDomain ?? []) {
    refuseControlCharacters('--app-domain', domain);
    if (!DOMAIN_NAME.test(domain)) throw new InputError(`--app-domain ${JSON.stringify(domain)}: expected a domain name such as apps.example.com (no scheme, port or wildcard)`);
  }
  if (!flags.manifest) {
    if (appHost !== undefined || (flags.appDomain ?? []).length > 0) throw new InputError('--app-host and --app-domain need --manifest (or give the app URL: probe wss://myapp.apps.example.com/ws)');
    return [];
  }
  const manifest = loadManifest(
    { manifest: flags.manifest, opsFiles: flags.opsFile, vars: flags.var, varsFiles: flags.varsFile, varFiles: flags.varFile, varsEnv: flags.varsEnv, varErrs: flags.varErrs ?? false },
    readTextFile,
  );
  const deployment = buildDeployment(manifest.interpolated, flags.manifest, { appDomains: flags.appDomain ?? [] });
  const logs = deployment.endpoints.map((e): AdvertisedEndpoint => {
    if (e.host === 'unknown') throw new InputError('the system domain is a variable: give it with -v system_domain=... or -l VARS', { file: flags.manifest });
    if (e.port.value === 'unknown' || e.useSsl.value === 'unknown') throw new InputError(`${e.portProperty} or ${e.useSslProperty} is a variable: give it with -v or -l`, { file: flags.manifest });
    return { host: e.host, port: e.port.value, useSsl: e.useSsl.value, label: e.name, kind: 'log' };
  });
  if (appHost === undefined) return logs;
  // Apps' clients dial wss://<host>.<domain> on 443, whatever port Loggregator uses.
  const apps = deployment.appDomains.map((d): AdvertisedEndpoint => {
    if (d.name === 'unknown') throw new InputError(`the app domain ${d.label} is a variable: give it with -v or -l`, { file: flags.manifest });
    return { host: `${appHost}.${d.name}`, port: 443, useSsl: true, label: `app on ${d.name}`, kind: 'app' };
  });
  return [...logs, ...apps];
}

export async function runProbeCommand(url: string | undefined, flags: ProbeFlags): Promise<number> {
  const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
  const fromEnvironment = flags.token === undefined ? process.env.CF_WS_LINT_TOKEN : undefined;
  // Checked here too, so a refusal names where the value came from (request.ts names --token).
  if (fromEnvironment !== undefined) refuseControlCharacters('CF_WS_LINT_TOKEN', fromEnvironment);
  const token = flags.token ?? fromEnvironment;
  return runProbe({ ...flags, ...(url !== undefined ? { url } : {}), ...(token !== undefined ? { token } : {}), color }, advertisedEndpoints(flags));
}
