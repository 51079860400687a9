/**
 * Which LB format a file is, from its content (extensions lie: `haproxy.config`, `*.tpl`,
 * `terraform.tfstate`). Each check looks for what only that format has at the start of a line.
 */
import { looksLikeAwsCliJson } from './aws-cli.js';
import { looksLikeCloudFormationJson, looksLikeCloudFormationYaml } from './cloudformation.js';
import { looksLikeHaproxy } from './haproxy.js';
import { looksLikeJson } from './json-positions.js';
import { looksLikeNeutralLbFile } from './neutral.js';
import { looksLikeNginx } from './nginx.js';
import { looksLikeTerraformHcl } from './terraform-hcl.js';
import { terraformJsonKind } from './terraform-json.js';

export const LB_FORMATS = ['lb-yaml', 'haproxy', 'nginx', 'terraform-hcl', 'terraform-json', 'cloudformation', 'aws-cli-json'] as const;

export type LbFormatName = (typeof LB_FORMATS)[number];

export function isLbFormatName(name: string): name is LbFormatName {
  return (LB_FORMATS as readonly string[]).includes(name);
}

/** The format of a JSON document (already parsed), or undefined. */
export function detectJsonFormat(data: unknown): LbFormatName | undefined {
  if (terraformJsonKind(data)) return 'terraform-json';
  if (looksLikeCloudFormationJson(data)) return 'cloudformation';
  if (looksLikeAwsCliJson(data)) return 'aws-cli-json';
  return undefined;
}

/** The format of a file's text, JSON or not, or undefined. */
export function detectFormat(text: string): LbFormatName | undefined {
  if (!looksLikeJson(text)) return detectTextFormat(text);
  try {
    return detectJsonFormat(JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** The format of a text file other than JSON, or undefined. */
export function detectTextFormat(text: string): LbFormatName | undefined {
  if (looksLikeJson(text)) return undefined;
  if (looksLikeNeutralLbFile(text)) return 'lb-yaml';
  if (looksLikeCloudFormationYaml(text)) return 'cloudformation';
  if (looksLikeTerraformHcl(text)) return 'terraform-hcl';
  if (looksLikeNginx(text)) return 'nginx';
  if (looksLikeHaproxy(text)) return 'haproxy';
  return undefined;
}
