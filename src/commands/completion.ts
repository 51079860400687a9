/**
 * `cf-ws-lint completion bash|zsh`: a completion script made from the command line's own
 * definition (commands, their options, the values some options take), so it cannot fall
 * behind a new flag. zsh runs the bash function through its bashcompinit, as many CLIs ship it.
 */
import { engineRules } from '../engine/engine-rules.js';
import { LB_FORMATS } from '../lb/index.js';
import { formatterNames } from '../report/index.js';
import { rules as registry } from '../rules/index.js';
import { InputError } from '../util/errors.js';

/** A command of the CLI (the first is the default) with its aliases and its long and short options. */
export interface CompletedCommand {
  names: string[];
  options: string[];
}

interface CompletionSpec {
  commands: readonly CompletedCommand[];
  /** Values for options that take one of a fixed set (`--format`), and the rule ids for `explain`. */
  optionValues: Record<string, readonly string[]>;
  rules: readonly string[];
}

export const SHELLS = ['bash', 'zsh'] as const;

function words(list: readonly string[]): string {
  // Completion words are option names, format names and rule ids: none holds a quote.
  return list.join(' ');
}

function bashFunction(spec: CompletionSpec): string {
  const commandNames = spec.commands.flatMap((command) => command.names);
  const optionCases = spec.commands.map((command) => `      ${command.names.join('|')}) opts="${words(command.options)}" ;;`).join('\n');
  const valueCases = Object.entries(spec.optionValues)
    .map(([option, values]) => `    ${option}) COMPREPLY=($(compgen -W "${words(values)}" -- "$cur")); return ;;`)
    .join('\n');
  const defaultCommand = spec.commands[0]!.names[0]!;
  return `_cf_ws_lint() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  local command=${defaultCommand} opts i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in
      ${commandNames.join('|')}) command="\${COMP_WORDS[i]}"; break ;;
    esac
  done
  case "$prev" in
${valueCases}
  esac
  if [[ "$cur" == -* ]]; then
    case "$command" in
${optionCases}
    esac
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    return
  fi
  if [[ "$command" == explain ]]; then
    COMPREPLY=($(compgen -W "${words(spec.rules)}" -- "$cur"))
    return
  fi
  COMPREPLY=()
  if ((COMP_CWORD == 1)); then COMPREPLY=($(compgen -W "${words(commandNames.filter((name) => name !== defaultCommand))}" -- "$cur")); fi
  COMPREPLY+=($(compgen -f -- "$cur"))
}`;
}

export function completionScript(shell: string, commands: readonly CompletedCommand[]): string {
  const spec: CompletionSpec = {
    commands,
    optionValues: { '-f|--format': formatterNames, '--lb-format': LB_FORMATS },
    rules: [...registry, ...engineRules].flatMap((rule) => [rule.id, rule.name]),
  };
  const body = bashFunction(spec);
  if (shell === 'bash') return `# cf-ws-lint completion for bash: eval "$(cf-ws-lint completion bash)" in ~/.bashrc\n${body}\ncomplete -o filenames -o bashdefault -F _cf_ws_lint cf-ws-lint\n`;
  if (shell === 'zsh') {
    return `#compdef cf-ws-lint\n# cf-ws-lint completion for zsh: eval "$(cf-ws-lint completion zsh)" in ~/.zshrc\nautoload -U +X bashcompinit && bashcompinit\n${body}\ncomplete -o filenames -o bashdefault -F _cf_ws_lint cf-ws-lint\n`;
  }
  throw new InputError(`unknown shell '${shell}' (expected ${SHELLS.join(' or ')})`);
}
