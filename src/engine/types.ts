import type { VarFlags } from '../bosh/var-flags.js';
import type { WebSocketPath } from '../model/websocket-path.js';
import type { Finding } from '../rules/finding.js';

export type { VarFlags };

/** One deployment to lint: a manifest as BOSH would deploy it, and its load balancers. */
export interface LintTarget extends VarFlags {
  /** The deployment's name (its key under `deployments:`); findings carry it. */
  name?: string;
  manifest: string;
  opsFiles?: string[];
  lbFiles?: string[];
  /** Overrides content detection of every LB file. */
  lbFormat?: string;
  /** The directory tree nginx `include`s may read (`--lb-root`); by default each LB file's directory. */
  lbRoot?: string;
  /** `bosh cloud-config` output, or ops-files over it, in order: links LBs to instance groups. */
  cloudConfigs?: string[];
  /** `LB=HOST`: this load balancer serves this host name (when no DNS file says so). */
  lbHosts?: string[];
  /** App domains no manifest shows (`cf create-domain`, `cf create-shared-domain`). */
  appDomains?: string[];
}

export interface LintReport {
  findings: Finding[];
  /** Every file read (manifests, ops-files, vars, LB files), for formatters that list files. */
  files: string[];
  /** The WebSocket paths the rules checked (the markdown formatter draws them). */
  websocketPaths?: WebSocketPath[];
  /** The deployments linted, in order, with the files each read; absent in a report of one unnamed lint. */
  deployments?: DeploymentReport[];
}

export interface DeploymentReport {
  name: string;
  manifest: string;
  files: string[];
  /** The WebSocket paths the rules checked in this deployment; absent where it could not be linted. */
  websocketPaths?: WebSocketPath[];
}
