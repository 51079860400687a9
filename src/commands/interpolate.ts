/** `cf-ws-lint interpolate`: `bosh int` with the same flags, output and semantics. */
import { EXIT_CLEAN } from '../engine/exit-code.js';
import { evaluateBoshInt } from '../bosh/bosh-int.js';
import { readStdinText, readTextFile } from '../util/read-file.js';

export interface InterpolateFlags {
  opsFile: string[];
  var: string[];
  varsFile: string[];
  varFile: string[];
  varsEnv: string[];
  varErrs?: boolean;
  varErrsUnused?: boolean;
  path?: string;
}

/** Back to bosh-cli's own flags: ops in order; variable precedence goes by kind anyway. */
function boshArgs(flags: InterpolateFlags): string[] {
  return [
    ...flags.opsFile.flatMap((f) => ['-o', f]),
    ...flags.varsEnv.flatMap((p) => ['--vars-env', p]),
    ...flags.varsFile.flatMap((f) => ['-l', f]),
    ...flags.varFile.flatMap((v) => ['--var-file', v]),
    ...flags.var.flatMap((v) => ['-v', v]),
    ...(flags.varErrs ? ['--var-errs'] : []),
    ...(flags.varErrsUnused ? ['--var-errs-unused'] : []),
    ...(flags.path !== undefined ? ['--path', flags.path] : []),
  ];
}

export async function runInterpolate(manifest: string, flags: InterpolateFlags): Promise<number> {
  const text = manifest === '-' ? readStdinText('<stdin>') : readTextFile(manifest);
  process.stdout.write(evaluateBoshInt({ manifest: text, manifestFile: manifest === '-' ? '<stdin>' : manifest, args: boshArgs(flags), readText: readTextFile }));
  return EXIT_CLEAN;
}
