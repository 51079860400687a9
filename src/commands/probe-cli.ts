/**
 * `cf-ws-lint probe`, wired: with --manifest, the endpoints come from the deployment model
 * (the same reading lint uses), so the probe tests exactly what Cloud Controller advertises.
 */
import { InputError } from '../util/errors.js';
import { loadManifest } from '../bosh/manifest.js';
import { readTextFile } from '../util/read-file.js';
import { buildDeployment } from '../model/deployment.js';
import type { AdvertisedEndpoint } from '../probe/endpoint.js';
import { runProbe, type ProbeCommandOptions } from './probe.js';

export interface ProbeFlags extends Omit<ProbeCommandOptions, 'url'> {
  manifest?: string;
  opsFile: string[];
  var: string[];
  varsFile: string[];
  varFile: string[];
  varsEnv: string[];
  varErrs?: boolean;
}

function advertisedEndpoints(flags: ProbeFlags): AdvertisedEndpoint[] {
  if (!flags.manifest) return [];
  const manifest = loadManifest(
    { manifest: flags.manifest, opsFiles: flags.opsFile, vars: flags.var, varsFiles: flags.varsFile, varFiles: flags.varFile, varsEnv: flags.varsEnv, varErrs: flags.varErrs ?? false },
    readTextFile,
  );
  const deployment = buildDeployment(manifest.interpolated, flags.manifest);
  return deployment.endpoints.map((e) => {
    if (e.host === 'unknown') throw new InputError('the system domain is a variable: give it with -v system_domain=... or -l VARS', { file: flags.manifest });
    if (e.port.value === 'unknown' || e.useSsl.value === 'unknown') throw new InputError(`${e.portProperty} or ${e.useSslProperty} is a variable: give it with -v or -l`, { file: flags.manifest });
    return { host: e.host, port: e.port.value, useSsl: e.useSsl.value, label: e.name };
  });
}

export async function runProbeCommand(url: string | undefined, flags: ProbeFlags): Promise<number> {
  const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
  return runProbe({ ...flags, ...(url !== undefined ? { url } : {}), color }, advertisedEndpoints(flags));
}
