/**
 * A cloud config as `bosh cloud-config` prints it, from one or more files: a file whose
 * document is a map is a cloud config; one whose document is a list is an ops-file, applied
 * to what came before (bosh-bootloader keeps its vm_extensions as ops-files over a base,
 * `cloudconfig/<iaas>/fixtures/*-lb-ops.yml`). Variables are then filled in as for the
 * manifest, so `((cf_router_lb_name))` resolves when a vars file gives it.
 */
import type { TextSource } from '../util/read-file.js';
import { isSeq, type MapNode, type YNode } from '../yaml/node.js';
import { parseYaml } from '../yaml/yaml.js';
import { interpolate } from './interpolate.js';
import { applyOps } from './patch/apply.js';
import { opsFromFile } from './patch/ops-file.js';
import type { VarFlags } from './var-flags.js';
import { VarSources } from './vars.js';

/** The empty cloud config bosh-bootloader's ops-files append to. */
function emptyCloudConfig(): MapNode {
  return { kind: 'map', entries: [{ key: { kind: 'scalar', type: 'str', value: 'vm_extensions' }, value: { kind: 'seq', items: [] } }] };
}

export function loadCloudConfig(files: readonly string[], flags: VarFlags, readText: TextSource, env: NodeJS.ProcessEnv = process.env): YNode {
  let doc: YNode = emptyCloudConfig();
  for (const file of files) {
    const parsed = parseYaml(readText(file), file);
    doc = isSeq(parsed) ? applyOps(doc, opsFromFile(parsed, file)) : parsed;
  }
  const vars = VarSources.fromFlags(flags, readText, env);
  return interpolate(doc, vars.build(), { expectAllKeys: false }).doc;
}
