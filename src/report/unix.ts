import { SEVERITY_NAMES } from '../rules/finding.js';
import { escapeText } from '../util/escape.js';
import { displayPath, hasSeveralDeployments, NO_LOCATION, sortFindings, type Formatter } from './formatter.js';

/**
 * One line per finding, `file:line:col: severity message [rule]`, for editors' quickfix lists
 * and grep (ESLint's and yamllint's `parsable`/`unix`). A finding without a place is put on
 * its deployment's manifest at 0:0, as ESLint does for a file-level message. With several
 * deployments the line ends with the deployment's name in parentheses.
 */
const unix: Formatter = (report, ctx) => {
  const manifests = new Map((report.deployments ?? []).map((deployment) => [deployment.name, deployment.manifest]));
  const named = hasSeveralDeployments(report);
  const lines = sortFindings(report.findings).map((finding) => {
    const manifest = finding.deployment !== undefined ? manifests.get(finding.deployment) : undefined;
    const place = finding.location
      ? `${displayPath(finding.location.file, ctx.cwd)}:${finding.location.line}:${finding.location.col}`
      : `${manifest !== undefined ? displayPath(manifest, ctx.cwd) : NO_LOCATION}:0:0`;
    const message = finding.message.replace(/\s*\n\s*/g, ' ');
    const deployment = named && finding.deployment !== undefined ? ` (${finding.deployment})` : '';
    return escapeText(`${place}: ${SEVERITY_NAMES[finding.severity]} ${message} [${finding.ruleId}]${deployment}`);
  });
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
};

export default unix;
