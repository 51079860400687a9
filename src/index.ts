/**
 * The library API: the CLI is a thin layer over these.
 *
 *   import { lint, fix } from 'cf-ws-lint';
 *   const report = lint({ manifest: 'cf-deployment.yml', opsFiles: ['operations/aws.yml'], lbFiles: ['cf_lb.tf'] });
 */
export { lint, type LintOptions } from './engine/lint.js';
export { fix, planFixes, type FixPlan } from './engine/fix.js';
export type { LintReport, LintTarget, VarFlags } from './engine/types.js';
export type { Finding, FixOp, Location, RelatedLocation, Severity } from './rules/finding.js';
export { rules } from './rules/index.js';
export { readLoadBalancers } from './lb/index.js';
export type { Listener, LoadBalancer } from './lb/listener.js';
export { buildDeployment, type Deployment, type Endpoint } from './model/deployment.js';
export { loadManifest } from './bosh/manifest.js';
export { boshInterpolate } from './bosh/bosh-int.js';
export { InputError } from './util/errors.js';
