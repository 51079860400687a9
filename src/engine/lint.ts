/**
 * The lint pipeline: files -> positioned documents -> deployment model -> rules ->
 * findings with fixes as go-patch ops. The CLI is a thin layer over `lint()` and `fix()`.
 */
import { loadManifest, type LoadedManifest } from '../bosh/manifest.js';
import type { YNode } from '../yaml/node.js';
import { InputError } from '../util/errors.js';
import { isLbFormatName, LB_FORMATS, readLoadBalancers, type LbFormatName } from '../lb/index.js';
import { readTextFile, type TextSource } from '../util/read-file.js';
import { buildDeployment, type Deployment } from '../model/deployment.js';
import { manifestLoadError } from './misplaced-file.js';
import { manifestLoadBalancers } from '../model/haproxy-job.js';
import { loadCloudConfig } from '../bosh/cloud-config.js';
import { linkLoadBalancers } from '../model/lb-links.js';
import { withHostnames } from '../model/lb-selection.js';
import { markedBy } from '../model/websocket-path.js';
import { checkedWebsocketPaths } from '../rules/support.js';
import type { LoadBalancer } from '../lb/listener.js';
import type { Finding, Severity } from '../rules/finding.js';
import { rules as registry } from '../rules/index.js';
import { formatMessage, type Report, type Rule, type RuleContext } from '../rules/rule.js';
import type { ResolvedRuleSetting as RuleSetting } from './config/settings.js';
import { fixOpsFor, goPatchPath } from './fix-ops.js';
import type { LintReport, LintTarget } from './types.js';

export interface LintOptions {
  rules?: readonly Rule<string, any>[];
  /** Per-rule settings by id; a rule that is absent runs with its defaults. */
  settings?: ReadonlyMap<string, RuleSetting>;
  /** How files are read (tests and stdin supply text directly). */
  readText?: TextSource;
  /** LB files already read, by name (`--lb -`: standard input). */
  lbTexts?: ReadonlyMap<string, string>;
}

const RANK: Record<Severity, number> = { info: 0, warn: 1, error: 2 };

function lowerOf(a: Severity, b: Severity): Severity {
  return RANK[a] <= RANK[b] ? a : b;
}


/** Checks an `--lb-format` value. */
export function lbFormat(name: string): LbFormatName {
  if (!isLbFormatName(name)) throw new InputError(`unknown --lb-format '${name}' (expected one of ${LB_FORMATS.join(', ')})`);
  return name;
}

/** Lints one deployment: a manifest as BOSH would deploy it, against its load balancers. */
export function lint(target: LintTarget, options: LintOptions = {}): LintReport {
  const readText = options.readText ?? readTextFile;
  const { manifest, deployment } = loadDeployment(target, readText);
  const lbFiles = target.lbFiles ?? [];
  // Terraform names hosts from var.system_domain (bosh-bootloader); the manifest knows its value.
  const terraformVariables = deployment.systemDomain !== 'unknown' ? { system_domain: deployment.systemDomain } : {};
  const read = lbFiles.length > 0 ? readLoadBalancers(lbFiles, { terraformVariables, ...(target.lbFormat ? { format: lbFormat(target.lbFormat) } : {}), ...(target.lbRoot ? { root: target.lbRoot } : {}), ...(options.lbTexts ? { texts: options.lbTexts } : {}) }) : [];
  const named = withHostnames(read, target.lbHosts ?? []);
  // A cloud config says which instance groups each LB sends its traffic to.
  const cloudConfig = (target.cloudConfigs ?? []).length > 0 ? loadCloudConfig(target.cloudConfigs!, target, readText) : undefined;
  const external = linkLoadBalancers(cloudConfig, manifest.interpolated, named);
  const own = manifestLoadBalancers(deployment);
  // Given LB files are what clients reach; the manifest's HAProxy then sits behind them.
  const entry: LoadBalancer[] = external.length > 0 ? external : own;
  const backend: LoadBalancer[] = external.length > 0 ? own : [];

  const findings: Finding[] = [];
  for (const rule of options.rules ?? registry) {
    const setting = options.settings?.get(rule.id);
    if (setting?.severity === 'off') continue;
    const ruleOptions = { ...(rule.defaultOptions as object), ...((setting?.options as object | undefined) ?? {}) };
    const ctx: RuleContext<string, any> = {
      deployment,
      loadBalancers: entry,
      backendLoadBalancers: backend,
      options: ruleOptions,
      report: (report: Report<string>) => findings.push(toFinding(rule, report, setting, manifest.patched, target.name)),
    };
    rule.check(ctx);
  }
  const files = [...manifest.files, ...lbFiles, ...(target.cloudConfigs ?? [])];
  const paths = checkedWebsocketPaths(deployment, entry, backend);
  return { findings, files, websocketPaths: paths, ...(target.name !== undefined ? { deployments: [{ name: target.name, manifest: target.manifest, files, websocketPaths: paths }] } : {}) };
}

/** The manifest with its ops-files and vars, and its WebSocket facts. */
function loadDeployment(target: LintTarget, readText: TextSource): { manifest: LoadedManifest; deployment: Deployment } {
  try {
    const manifest = loadManifest(target, readText);
    return { manifest, deployment: buildDeployment(manifest.interpolated, target.manifest, { appDomains: target.appDomains ?? [] }) };
  } catch (error) {
    // Only an error in the manifest itself can mean it is no manifest at all.
    if (!(error instanceof InputError) || error.file !== target.manifest || error.details.length > 0) throw error;
    let text: string | undefined;
    try {
      text = readText(target.manifest);
    } catch {
      text = undefined;
    }
    throw manifestLoadError(error, target.manifest, text);
  }
}

function toFinding(rule: Rule<string, any>, report: Report<string>, setting: RuleSetting | undefined, patched: YNode, deployment: string | undefined): Finding {
  if (report.fix && !rule.fixable) throw new Error(`rule ${rule.id} (${rule.name}) reported a fix but is not marked fixable`);
  const template = rule.messages[report.messageId];
  if (template === undefined) throw new Error(`rule ${rule.id} reported unknown messageId '${report.messageId}'`);
  const configured = setting?.severity === 'off' || setting === undefined ? rule.severity : setting.severity;
  // A report's own severity is a ceiling under the configured one: config can lower, not raise it.
  const severity: Severity = report.note ? 'info' : report.severity ? lowerOf(report.severity, configured) : configured;
  return {
    ruleId: rule.id,
    ...(deployment !== undefined ? { deployment } : {}),
    ruleName: rule.name,
    severity,
    messageId: report.messageId,
    message: formatMessage(template, report.data),
    ...(report.at ? { location: report.at } : {}),
    ...(report.path ? { path: goPatchPath(patched, report.path) } : {}),
    related: report.related ?? [],
    ...(report.fix ? { fix: { description: report.fix.description, ops: fixOpsFor(patched, report.fix.changes) } } : {}),
    ...(report.suggestion ? { suggestion: report.suggestion } : {}),
    ...(report.websocketPath ? { websocketPath: markedBy(report.websocketPath, rule.id) } : {}),
  };
}
