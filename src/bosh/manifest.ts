/**
 * A manifest as BOSH would deploy it: ops-files applied in order, then variables
 * (bosh-cli's `Template.Evaluate`). Unresolved `((placeholders))` stay as text unless
 * `--var-errs`, so lint works on manifests whose variables live in CredHub.
 */
import type { VarFlags } from './var-flags.js';
import { applyOps } from './patch/apply.js';
import { opsFromFile } from './patch/ops-file.js';
import { interpolate } from './interpolate.js';
import type { YNode } from '../yaml/node.js';
import type { TextSource } from '../util/read-file.js';
import { VarSources, varFilePath } from './vars.js';
import { parseYaml, readYamlDocument } from '../yaml/yaml.js';
import { missingVariablesError } from './variable-uses.js';

export interface ManifestInput extends VarFlags {
  manifest: string;
  opsFiles?: string[];
}

export interface LoadedManifest {
  /** After ops-files, before variables: what a fix ops-file is written against. */
  patched: YNode;
  /** After variables: what the model reads. */
  interpolated: YNode;
  /** Every file read, in order. */
  files: string[];
}

/** The top-level keys of the manifests cf-ws-lint reads: BOSH v2 and v1, Ops Manager's staged config. */
const MANIFEST_KEY = /^(instance_groups|jobs|product-properties):/m;

/** Whether a text is a manifest, by content (names lie), without parsing it. */
export function looksLikeManifest(text: string): boolean {
  return MANIFEST_KEY.test(text);
}

export function loadManifest(input: ManifestInput, readText: TextSource, env: NodeJS.ProcessEnv = process.env): LoadedManifest {
  const files = [input.manifest];
  let doc = parseYaml(readText(input.manifest), input.manifest);
  for (const file of input.opsFiles ?? []) {
    files.push(file);
    doc = applyOps(doc, opsFromFile(readYamlDocument(readText(file), file), file));
  }
  const vars = VarSources.fromFlags(input, readText, env);
  files.push(...(input.varsFiles ?? []), ...(input.varFiles ?? []).map(varFilePath));
  const { doc: interpolated, missing } = interpolate(doc, vars.build());
  if (input.varErrs && missing.length > 0) throw missingVariablesError(doc, missing, input.manifest);
  return { patched: doc, interpolated, files };
}
