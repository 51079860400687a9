/**
 * A failure of yaml.v2's reader, scanner or parser, with the marks libyaml records. The
 * message is yaml.v2's own (`yaml: line N: problem`), including its quirk of numbering the
 * line of a scanner error from 1 and of a parser error from 0 (decode.go `parser.fail`).
 */
export type YamlV2Stage = 'reader' | 'scanner' | 'parser' | 'decoder';

export class YamlV2Error extends Error {
  constructor(
    readonly stage: YamlV2Stage,
    readonly problem: string,
    /** Where the problem is: offset, 0-based line and column. */
    readonly offset: number,
    readonly line: number,
    readonly column: number,
    readonly context = '',
    readonly contextOffset = 0,
    readonly contextLine = 0,
    readonly contextColumn = 0,
  ) {
    super(yamlV2Message(stage, problem, line, contextLine));
  }
}

function yamlV2Message(stage: YamlV2Stage, problem: string, line: number, contextLine: number): string {
  if (stage === 'decoder') return `yaml: ${problem}`;
  let shown = 0;
  if (line !== 0) shown = stage === 'scanner' ? line + 1 : line;
  else if (contextLine !== 0) shown = contextLine;
  return `yaml: ${shown !== 0 ? `line ${shown}: ` : ''}${problem}`;
}
