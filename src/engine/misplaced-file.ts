/**
 * A load-balancer file given as a manifest: its YAML error ("Implicit keys need to be on a
 * single line" for HCL) says nothing useful, so when a manifest fails to load and its text
 * is one of the LB formats, the error says what the file is and where it belongs.
 */
import { detectFormat, type LbFormatName } from '../lb/detect.js';
import { InputError } from '../util/errors.js';

/** What each format is, in words. */
export const LB_FORMAT_NAMES: Record<LbFormatName, string> = {
  'lb-yaml': 'a cf-ws-lint load-balancer file',
  haproxy: 'an HAProxy configuration',
  nginx: 'an nginx configuration',
  'terraform-hcl': 'Terraform (HCL)',
  'terraform-json': 'Terraform JSON (plan or state)',
  cloudformation: 'a CloudFormation template',
  'aws-cli-json': 'AWS CLI output',
};

/** The error to show for a manifest that did not load: `error` itself unless the file is an LB configuration. */
export function manifestLoadError(error: InputError, manifest: string, text: string | undefined): InputError {
  const format = text === undefined ? undefined : detectFormat(text);
  if (format === undefined) return error;
  return new InputError(`this looks like ${LB_FORMAT_NAMES[format]}, not a BOSH manifest: did you mean --lb ${manifest}?`, { file: manifest });
}
